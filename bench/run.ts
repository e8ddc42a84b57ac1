import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * `npm run bench -- <name> [args…]` runs `bench/<name>.ts`, a module exporting
 * `run(args: string[]): Promise<void>`. Without a name it lists the benchmarks.
 */
const BenchModule = z.object({ run: z.custom<(args: string[]) => Promise<void>>((value) => typeof value === 'function') });

const benchDir = dirname(fileURLToPath(import.meta.url));
const [name, ...args] = process.argv.slice(2);

async function benchmarks(): Promise<string[]> {
  const names = readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
    .map((file) => file.slice(0, -3))
    .sort();
  const runnable = await Promise.all(names.map(async (n) => BenchModule.safeParse(await import(pathToFileURL(`${benchDir}/${n}.ts`).href)).success));
  return names.filter((_, i) => runnable[i]);
}

const available = await benchmarks();
if (name === undefined || !available.includes(name)) {
  process.stderr.write(`${name === undefined ? '' : `unknown benchmark ${name}; `}usage: npm run bench -- <${available.join('|')}> [args…]\n`);
  process.exitCode = 2;
} else {
  const module = BenchModule.parse(await import(pathToFileURL(`${benchDir}/${name}.ts`).href));
  await module.run(args);
}
