import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `import 'ragset'` loads no SDK: a library user who reads testsets or builds on the memory
 * store must not pay for (or need) neo4j-driver, openai or commander. A module hook lists
 * every package the import graph of an entry resolves.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const HOOK = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
  if (match) process.stderr.write('PACKAGE ' + match[1] + '\\n');
  return result;
}`;

function packagesLoadedBy(entry: string): Set<string> {
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
    await import(${JSON.stringify(resolve(root, entry))});`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${entry} failed: ${run.stderr}`);
  return new Set([...run.stderr.matchAll(/^PACKAGE (\S+)$/gm)].map((m) => m[1] as string));
}

describe('the package entry', () => {
  it('loads neither neo4j-driver, openai nor commander', () => {
    const loaded = packagesLoadedBy('src/index.ts');
    expect(loaded.has('zod')).toBe(true);
    expect([...loaded].filter((name) => ['neo4j-driver', 'openai', 'commander'].includes(name))).toEqual([]);
  });

  it('the CLI loads no SDK before a command runs (`ragset --help` stays fast)', () => {
    const loaded = packagesLoadedBy('src/cli/main.ts');
    expect(loaded.has('commander')).toBe(true);
    expect([...loaded].filter((name) => ['neo4j-driver', 'openai', 'langsmith', 'pdfjs-dist', 'd3', '@observablehq/plot'].includes(name))).toEqual([]);
  });

  it('ragset/neo4j and ragset/openai load their SDK', () => {
    expect(packagesLoadedBy('src/neo4j.ts').has('neo4j-driver')).toBe(true);
    expect(packagesLoadedBy('src/openai.ts').has('openai')).toBe(true);
  });
});
