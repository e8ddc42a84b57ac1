import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { renderTable } from '../src/cli/table.js';
import { fetchDebianDoc } from './cli-stage.js';

/**
 * `npm run bench -- hygiene-cost [--rounds 5] [--source]` (also `hygiene --pg`): what hygiene
 * adds to ingesting the PostgreSQL 15 manual (Debian postgresql-doc-15, 1,169 HTML pages;
 * fetched, never committed). It measures the compiled build users run (`npm run build` first;
 * `--source` runs src through tsx instead), calling `ingest()`, what `ragset ingest` runs
 * before it prints, in a fresh Node process per run (no state, cache or JIT carried over).
 *
 * Two figures, from the same runs:
 * - A/B: ingest with every hygiene opt-out (`--keep-*`: loading and chunking only) and with
 *   the defaults, `rounds` times each in ABBA order (raw clean, clean raw, …) so a change of
 *   load on a shared machine hits both alike; per round, CPU with hygiene over CPU without.
 * - In process: the CPU of each hygiene step of the default runs, from the `hygiene` progress
 *   events, against the CPU of the whole ingest in the same process. Both halves share the
 *   process and the minute, so machine noise moves them together; run to run, this figure is
 *   far steadier than the A/B, whose two runs are seconds apart on a machine others use.
 *
 * CPU is user + system time of the process while `ingest()` runs: Node start-up, module loading
 * and the tokenizer's one-time load (paid once by any ingest, hygiene or not) are left out. The
 * target (≤ 15 %) is judged on CPU: wall time on a shared machine also counts the time spent
 * waiting for a core, which other processes decide.
 */

/** Every hygiene opt-out: the CLI flags, and the same as library options. */
export const OPT_OUTS = ['--keep-boilerplate', '--keep-stubs', '--keep-duplicates'];
const OPT_OUT_OPTIONS = { keepBoilerplate: true, keepStubs: true, keepDuplicates: true };
const TARGET = 0.15;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const Run = z.object({
  cpuUs: z.number(),
  wallMs: z.number(),
  /** CPU µs per hygiene step, from the event that started it (or the last chunk) to the one that ended it. */
  steps: z.record(z.string(), z.number()),
  chunks: z.number(),
});
type Run = z.infer<typeof Run>;

/** The child: imports ingest (compiled or source), loads the tokenizer, then times one `ingest()`. */
function childScript(corpus: string, hygiene: object, source: boolean): string {
  const module = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, source ? `src/${path}.ts` : `dist/src/${path}.js`)).href);
  return [
    `const { ingest } = await import(${module('chunking/ingest')});`,
    `const { getTokenizer } = await import(${module('chunking/tokens')});`,
    'getTokenizer().countUpTo("warm", 1);',
    'const cpu = () => { const usage = process.cpuUsage(); return usage.user + usage.system; };',
    'const steps = {}; let previous = 0;',
    'const onProgress = (event) => { const now = cpu(); if (event.stage === "hygiene" && event.detail) steps[event.detail] = now - previous; previous = now; };',
    'const cpu0 = cpu(); const wall0 = performance.now();',
    `const result = await ingest([${JSON.stringify(corpus)}], { hygiene: ${JSON.stringify(hygiene)}, onProgress });`,
    'const cpuUs = cpu() - cpu0; const wallMs = performance.now() - wall0;',
    'process.stdout.write(JSON.stringify({ cpuUs, wallMs, steps, chunks: result.chunks.length }));',
  ].join('\n');
}

async function runOnce(corpus: string, hygiene: object, source: boolean): Promise<Run> {
  const args = [...(source ? ['--import', 'tsx'] : []), '--input-type=module', '-e', childScript(corpus, hygiene, source)];
  const stdout = await new Promise<string>((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`ingest run exited ${code}`))));
  });
  return Run.parse(JSON.parse(stdout));
}

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
const seconds = (us: number) => us / 1e6;

interface Runs {
  raw: Run[];
  clean: Run[];
}

/** Per round, what hygiene adds: the clean run's CPU over the raw run next to it. */
function addedPerRound(runs: Runs, of: (run: Run) => number): number[] {
  return runs.clean.map((clean, round) => of(clean) / of(runs.raw[round] as Run) - 1);
}

function abRows(runs: Runs): string[][] {
  const cpu = (run: Run) => seconds(run.cpuUs);
  const wall = (run: Run) => run.wallMs / 1000;
  const added = addedPerRound(runs, cpu);
  return [
    ['ingest, all hygiene opt-outs (loading + chunking)', spread(runs.raw.map(cpu)), spread(runs.raw.map(wall))],
    ['ingest with hygiene (defaults)', spread(runs.clean.map(cpu)), spread(runs.clean.map(wall))],
    ['hygiene adds, per round', percent(added), percent(addedPerRound(runs, wall))],
    [`target ≤ ${TARGET * 100} % (CPU, median per round)`, median(added) <= TARGET ? 'met' : 'missed', ''],
  ];
}

/** Each step's CPU in the default runs, then all steps against the whole ingest of the same process. */
function stepRows(clean: readonly Run[]): string[][] {
  const names = Object.keys(clean[0]?.steps ?? {});
  const total = (run: Run) => Object.values(run.steps).reduce((sum, us) => sum + us, 0);
  const share = clean.map((run) => total(run) / run.cpuUs);
  // The rest of the ingest is what it costs without the steps: the steps' cost over it is what they add.
  const adds = clean.map((run) => total(run) / (run.cpuUs - total(run)));
  return [
    ...names.map((name) => [`hygiene step: ${name}`, spread(clean.map((run) => seconds(run.steps[name] ?? 0)), 3), percent(clean.map((run) => (run.steps[name] ?? 0) / run.cpuUs))]),
    ['all hygiene steps', spread(clean.map((run) => seconds(total(run))), 3), percent(share)],
    ['whole ingest, same processes', spread(clean.map((run) => seconds(run.cpuUs))), ''],
    ['steps over the rest of the ingest (what hygiene adds)', percent(adds), ''],
    [`target ≤ ${TARGET * 100} % (median)`, median(adds) <= TARGET ? 'met' : 'missed', ''],
  ];
}

export async function ingestCost(rounds: number, source = false): Promise<string> {
  const corpus = fetchDebianDoc('postgresql-doc-15', 'usr/share/doc/postgresql-doc-15/html');
  if (!source) {
    process.stderr.write('bench: npm run build (the compiled ingest is measured; --source skips this)\n');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const before = loads();
  const runs: Runs = { raw: [], clean: [] };
  const order: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const modes: (keyof Runs)[] = round % 2 === 0 ? ['raw', 'clean'] : ['clean', 'raw'];
    for (const mode of modes) {
      process.stderr.write(`bench: round ${round + 1}/${rounds}, ingest ${mode}\n`);
      const run = await runOnce(corpus, mode === 'raw' ? OPT_OUT_OPTIONS : {}, source);
      runs[mode].push(run);
      order.push(`${mode} ${seconds(run.cpuUs).toFixed(2)}`);
    }
  }
  const what = source ? 'src through tsx' : 'the compiled build (dist)';
  return [
    `Ingest cost of hygiene: PostgreSQL 15 manual, ${what}, ${rounds} runs per mode in ABBA order, a fresh process each;`,
    `CPU seconds of ingest(), median (min–max). Load average (1/5/15 min): ${before} at start, ${loads()} at end.`,
    '',
    renderTable(['A/B: ingest of the PostgreSQL 15 manual', 'CPU s', 'wall s'], abRows(runs)),
    '',
    renderTable(['in process: hygiene steps of the default runs', 'CPU s', 'share of the ingest'], stepRows(runs.clean)),
    '',
    `runs in order, CPU s: ${order.join(', ')}`,
  ].join('\n');
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '5' }, source: { type: 'boolean', default: false } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got ${values.rounds}`);
  process.stdout.write(`${await ingestCost(rounds, values.source)}\n`);
}
