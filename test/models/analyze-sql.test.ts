import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { analyzeSql, SqlAnalysisError, type SqlFacts } from '../../src/models/analyze-sql.ts';

let duck: Duck;

test.before(async () => {
  duck = await Duck.open(':memory:');
});

test.after.always(() => duck?.close());

async function facts(sql: string): Promise<SqlFacts> {
  const [found] = await analyzeSql(duck, [sql]);
  if (found === undefined || found instanceof Error) throw new Error(`did not parse: ${found?.message}`);
  return found;
}

test('reads names after from and join, minus CTEs', async (t) => {
  const sql = `
    with plays as (select * from stg_plays),
    shows as (select * from dim_shows)
    select * from plays
    left join shows on shows.id = plays.show_id
    inner join main.dim_movies as m on true`;
  t.deepEqual((await facts(sql)).reads, ['stg_plays', 'dim_shows', 'dim_movies']);
});

test('comma-separated from lists, subqueries and table functions', async (t) => {
  const sql = `select * from a x, b as y, (select 1 from c) z, range(10) r, read_csv('f.csv')`;
  const found = await facts(sql);
  t.deepEqual(found.reads, ['a', 'b', 'c']);
  t.deepEqual(found.calls, ['range', 'read_csv']);
});

test('comments, strings and keyword arguments do not count as reads', async (t) => {
  const sql = `
    -- select * from commented_out
    /* join also_commented */
    select 'from quoted_text' as s, extract(year from watched_at) as y, trim(both 'x' from title)
    from "Quoted Table"`;
  t.deepEqual((await facts(sql)).reads, ['Quoted Table']);
});

test('CTEs with column lists, RECURSIVE and MATERIALIZED are still CTEs', async (t) => {
  const sql = `with recursive a(x) as (select 1 union all select x + 1 from a where x < 3),
    b as materialized (select * from a) select * from b join real_one using (x)`;
  t.deepEqual((await facts(sql)).reads, ['real_one']);
});

test('a CTE is in scope after its definition only: one named like a table still reads the table', async (t) => {
  const sql = `with plays as (select * from plays), later as (select * from plays)
    select * from later, (with inner_cte as (select 1 as x) select * from inner_cte) s, inner_cte`;
  // The first plays is the table; the second is the CTE; inner_cte outside its subquery is a table.
  t.deepEqual((await facts(sql)).reads, ['plays', 'inner_cte']);
});

test('subqueries in expressions, set operations and table macro arguments are read too', async (t) => {
  const sql = `select (select max(x) from scalar_sub) as m from a
    where exists (select 1 from b where b.id = a.id)
    union all select * from int_plays_in_year($tz, $year) join c using (id)`;
  const found = await facts(sql);
  t.deepEqual([...found.reads].sort(), ['a', 'b', 'c', 'scalar_sub']);
  t.deepEqual(found.calls, ['int_plays_in_year']);
});

test('parameters: each $name once, in order of first use, never from strings or comments', async (t) => {
  const sql = `select $tz, '$not_a_param' -- $nor_this
    from t where $year is null or year(x) = $year limit $limit`;
  t.deepEqual((await facts(sql)).parameters, ['tz', 'year', 'limit']);
});

test('SQL that does not parse, or is not one SELECT, is an error for that entry alone', async (t) => {
  const results = await analyzeSql(duck, [
    'select * frm x',
    'select 1',
    'create table x as select 1',
    'select 1; select 2',
  ]);
  t.true(results[0] instanceof SqlAnalysisError);
  t.regex((results[0] as Error).message, /syntax error/);
  t.deepEqual(results[1], { reads: [], calls: [], parameters: [] });
  t.regex((results[2] as Error).message, /Only SELECT/);
  t.regex((results[3] as Error).message, /2 statements, not one/);
  t.deepEqual(await analyzeSql(duck, []), []);
});
