import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/** What the real-corpus benchmarks share: Debian documentation fetched once, and `ragset` run as its own process. */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = join(ROOT, 'bench/.data');

/**
 * `apt-get download <pkg>` into bench/.data (never committed) and `dpkg-deb -x` it, once;
 * returns `<unpacked>/<folder>`.
 */
export function fetchDebianDoc(pkg: string, folder: string): string {
  const target = join(DATA, pkg);
  const path = join(target, folder);
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  process.stderr.write(`bench: fetching ${pkg} with apt-get download…\n`);
  const download = spawnSync('apt-get', ['download', pkg], { cwd: DATA, stdio: ['ignore', 2, 2] });
  const deb = readdirSync(DATA).find((file) => file.startsWith(`${pkg}_`) && file.endsWith('.deb'));
  if (download.status !== 0 || !deb) throw new Error(`apt-get download ${pkg} failed (run apt-get update first); or pass --corpus DIR`);
  const unpack = spawnSync('dpkg-deb', ['-x', join(DATA, deb), target], { stdio: ['ignore', 2, 2] });
  if (unpack.status !== 0 || !existsSync(path)) throw new Error(`dpkg-deb -x ${deb} did not give ${folder}`);
  return path;
}

const StageResult = z.object({ code: z.number(), maxRssKb: z.number(), cpuUs: z.number(), commandCpuUs: z.number(), commandMs: z.number() });

export interface Stage {
  name: string;
  seconds: number;
  /** CPU time (user + system) of the process: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  rssMb: number;
  /** The command alone (`main()`), without starting Node and tsx or importing `preload`: wall and CPU seconds. */
  commandSeconds: number;
  commandCpuSeconds: number;
  stdout: string;
}

/**
 * Runs `ragset …` in a fresh Node process (the CLI entry, through tsx) and reports its time and
 * peak RSS. `preload` (paths under the repository) are imported before the command is timed, so
 * the command's own figures leave out compiling the modules it imports lazily.
 */
export async function ragset(
  name: string,
  args: string[],
  work: string,
  env: Readonly<Record<string, string>> = {},
  preload: readonly string[] = [],
): Promise<Stage> {
  const resultFile = join(work, `${name.replace(/[^\w.-]+/g, '_')}.result.json`);
  const href = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href);
  const script = [
    `const { main } = await import(${href('src/cli/main.ts')});`,
    ...preload.map((path) => `await import(${href(path)});`),
    'const cpu0 = process.cpuUsage(); const wall0 = performance.now();',
    `const code = await main(${JSON.stringify(args)});`,
    'const cpu1 = process.cpuUsage(cpu0); const commandMs = performance.now() - wall0; const usage = process.resourceUsage();',
    `(await import('node:fs')).writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify({ code, maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime, commandCpuUs: cpu1.user + cpu1.system, commandMs }));`,
  ].join('\n');
  process.stderr.write(`bench: ${name}: ragset ${args.join(' ')}\n`);
  const start = performance.now();
  const stdout = await new Promise<string>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: work,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.on('error', fail);
    child.on('close', () => done(out));
  });
  const seconds = (performance.now() - start) / 1000;
  const result = StageResult.parse(JSON.parse(readFileSync(resultFile, 'utf8')));
  if (result.code !== 0) throw new Error(`${name} exited ${result.code}`);
  return {
    name,
    seconds,
    cpuSeconds: result.cpuUs / 1e6,
    rssMb: Math.round(result.maxRssKb / 1024),
    commandSeconds: result.commandMs / 1000,
    commandCpuSeconds: result.commandCpuUs / 1e6,
    stdout,
  };
}
