import test from 'ava';
import { readRelations } from '../../src/models/relations.ts';
import { sqlParameters } from '../../src/models/sql-tokens.ts';

test('reads names after from and join, minus CTEs', (t) => {
  const sql = `
    with plays as (select * from stg_plays),
    shows as (select * from dim_shows)
    select * from plays
    left join shows on shows.id = plays.show_id
    inner join main.dim_movies as m on true`;
  t.deepEqual(readRelations(sql), ['stg_plays', 'dim_shows', 'dim_movies']);
});

test('comma-separated from lists, subqueries and table functions', (t) => {
  const sql = `select * from a x, b as y, (select 1 from c) z, range(10) r, read_csv('f.csv')`;
  t.deepEqual(readRelations(sql), ['a', 'b', 'c']);
});

test('comments, strings and keyword arguments do not count as reads', (t) => {
  const sql = `
    -- select * from commented_out
    /* join also_commented */
    select 'from quoted_text' as s, extract(year from watched_at) as y, trim(both 'x' from title)
    from "Quoted Table"`;
  t.deepEqual(readRelations(sql), ['Quoted Table']);
});

test('CTEs with column lists and MATERIALIZED are still CTEs', (t) => {
  const sql = `with recursive a(x) as (select 1), b as materialized (select * from a) select * from b join real_one using (x)`;
  t.deepEqual(readRelations(sql), ['real_one']);
});

test('sqlParameters finds each $name once, outside strings and comments', (t) => {
  const sql = `select $tz, '$not_a_param' -- $nor_this
    from t where $year is null or year(x) = $year limit $limit`;
  t.deepEqual(sqlParameters(sql), ['tz', 'year', 'limit']);
});
