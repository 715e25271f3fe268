import { cpus, loadavg, totalmem } from 'node:os';
import { Duck } from '../src/load/duck.ts';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  /** 1, 5 and 15 minute load averages. */
  load: number[];
  node: string;
  duckdb: string;
}

/** The machine as the run saw it: the load average is taken each time this is called. */
export async function machine(): Promise<Machine> {
  const duck = await Duck.open(':memory:');
  const row = await duck.one<{ v: string }>('SELECT version() AS v');
  duck.close();
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    load: loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    duckdb: row?.v ?? '?',
  };
}
