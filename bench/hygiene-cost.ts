import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/table.js';
import { DATA, fetchDebianDoc, ragset, type Stage } from './cli-stage.js';

/**
 * `npm run bench -- hygiene-cost [--rounds 5]` (also `hygiene --pg`): what hygiene adds to
 * `ragset ingest` of the PostgreSQL 15 manual (Debian postgresql-doc-15, 1,169 HTML pages;
 * fetched, never committed). Ingest runs with every hygiene opt-out (`--keep-*`: loading and
 * chunking only) and with the defaults, `rounds` times each, in ABBA order (raw clean, clean
 * raw, …) so a change of load on a shared machine hits both alike, each in a fresh Node process
 * (no state or cache carried over). Each run reports the command's CPU seconds (user + system
 * of the process while `main()` runs; Node and tsx start-up and module compilation left out)
 * and its wall seconds. The target (≤ 15 %) is judged on CPU: wall time on a shared machine
 * also counts the time spent waiting for a core, which other processes decide.
 */

export const OPT_OUTS = ['--keep-boilerplate', '--keep-stubs', '--keep-duplicates'];
const TARGET = 0.15;
/** Modules `ragset ingest` imports lazily: compiled before the command is timed. */
const PRELOAD = ['src/chunking/ingest.ts', 'src/documents/load.ts', 'src/cli/progress.ts'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** "5.12 (4.98–5.40)": median and range. */
function spread(values: readonly number[], digits = 2, unit = ''): string {
  const f = (value: number) => `${value.toFixed(digits)}${unit}`;
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

const percent = (values: readonly number[]) => spread(values.map((value) => value * 100), 1, ' %');
const loads = () => loadavg().map((value) => value.toFixed(1)).join(' / ');

interface Runs {
  raw: Stage[];
  clean: Stage[];
}

/** Rows of the cost table: per mode, then what hygiene adds (per round, clean over the raw run next to it). */
function costRows(runs: Runs): string[][] {
  const cpu = (stages: Stage[]) => stages.map((stage) => stage.commandCpuSeconds);
  const wall = (stages: Stage[]) => stages.map((stage) => stage.commandSeconds);
  const added = (of: (stages: Stage[]) => number[]) => {
    const raw = of(runs.raw);
    return of(runs.clean).map((clean, round) => clean / (raw[round] as number) - 1);
  };
  const ofMedians = (of: (stages: Stage[]) => number[]) => `${((median(of(runs.clean)) / median(of(runs.raw)) - 1) * 100).toFixed(1)} %`;
  const cpuAdded = median(added(cpu));
  return [
    ['ingest, all hygiene opt-outs (loading + chunking)', spread(cpu(runs.raw)), spread(wall(runs.raw)), spread(runs.raw.map((stage) => stage.cpuSeconds))],
    ['ingest with hygiene (defaults)', spread(cpu(runs.clean)), spread(wall(runs.clean)), spread(runs.clean.map((stage) => stage.cpuSeconds))],
    ['hygiene adds, per round', percent(added(cpu)), percent(added(wall)), ''],
    ['hygiene adds, median over median', ofMedians(cpu), ofMedians(wall), ''],
    [`target ≤ ${TARGET * 100} % (judged on CPU, median per round)`, cpuAdded <= TARGET ? 'met' : 'missed', '', ''],
  ];
}

export async function ingestCost(rounds: number): Promise<string> {
  const corpus = fetchDebianDoc('postgresql-doc-15', 'usr/share/doc/postgresql-doc-15/html');
  const work = join(DATA, 'hygiene-run', 'pg');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const before = loads();
  const runs: Runs = { raw: [], clean: [] };
  const order: string[] = [];
  const once = async (mode: keyof Runs, round: number) => {
    const stage = await ragset(`ingest ${mode} ${round}`, ['ingest', corpus, '--json', ...(mode === 'raw' ? OPT_OUTS : [])], work, {}, PRELOAD);
    runs[mode].push(stage);
    order.push(`${mode} ${stage.commandCpuSeconds.toFixed(2)}`);
  };
  for (let round = 0; round < rounds; round++) {
    const modes: (keyof Runs)[] = round % 2 === 0 ? ['raw', 'clean'] : ['clean', 'raw'];
    for (const mode of modes) await once(mode, round);
  }
  return [
    `Ingest cost of hygiene: PostgreSQL 15 manual, ${rounds} runs per mode in ABBA order, a fresh process each;`,
    `seconds of the ingest command (process start-up left out), median (min–max). Load average (1/5/15 min): ${before} at start, ${loads()} at end.`,
    '',
    renderTable(['ingest of the PostgreSQL 15 manual', 'CPU s', 'wall s', 'whole process CPU s'], costRows(runs)),
    '',
    `runs in order, command CPU s: ${order.join(', ')}`,
  ].join('\n');
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '5' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got ${values.rounds}`);
  process.stdout.write(`${await ingestCost(rounds)}\n`);
}
