import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule of STYLE.md: imports go one way, cli → synthesizers → graph → src core,
 * and no module imports itself back through a cycle.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['src', 'graph', 'synthesizers'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2])
    .filter((s): s is string => Boolean(s));
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const files = LAYERS.flatMap((layer) => sourceFiles(join(root, layer)));
const graph = new Map(files.map((file) => [file, localImports(file)]));
const rel = (file: string) => relative(root, file);

/** Entry points allowed to reach every layer: the CLI, the library's entry functions and the package entries. */
const PACKAGE_ENTRIES = new Set(['src/index.ts', 'src/neo4j.ts', 'src/openai.ts']);
const isEntry = (file: string) => rel(file).startsWith('src/cli/') || rel(file).startsWith('src/api/') || PACKAGE_ENTRIES.has(rel(file));

describe('module layering', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('core (src) never imports graph/ or synthesizers/, except the entry points (CLI, api, barrel)', () => {
    const offenders = files
      .filter((file) => rel(file).startsWith('src/') && !isEntry(file))
      .flatMap((file) => (graph.get(file) ?? []).filter((dep) => /^(graph|synthesizers)\//.test(rel(dep))).map((dep) => `${rel(file)} → ${rel(dep)}`));
    expect(offenders).toEqual([]);
  });

  it('only the CLI imports the CLI', () => {
    const offenders = files
      .filter((file) => !rel(file).startsWith('src/cli/'))
      .flatMap((file) => (graph.get(file) ?? []).filter((dep) => rel(dep).startsWith('src/cli/')).map((dep) => `${rel(file)} → ${rel(dep)}`));
    expect(offenders).toEqual([]);
  });

  it('a CLI command never imports another command (shared work lives in src/api)', () => {
    const commands = (file: string) => rel(file).startsWith('src/cli/commands/') && !rel(file).endsWith('/index.ts');
    const offenders = files.filter(commands).flatMap((file) => (graph.get(file) ?? []).filter(commands).map((dep) => `${rel(file)} → ${rel(dep)}`));
    expect(offenders).toEqual([]);
  });

  it('only the CLI imports commander (the library, src/llm included, speaks no flags)', () => {
    const offenders = files.filter((file) => !rel(file).startsWith('src/cli/') && /from\s+['"]commander['"]|import\(\s*['"]commander['"]/.test(readFileSync(file, 'utf8'))).map(rel);
    expect(offenders).toEqual([]);
  });

  it('graph/ never imports synthesizers/', () => {
    const offenders = files
      .filter((file) => rel(file).startsWith('graph/'))
      .flatMap((file) => (graph.get(file) ?? []).filter((dep) => rel(dep).startsWith('synthesizers/')).map((dep) => `${rel(file)} → ${rel(dep)}`));
    expect(offenders).toEqual([]);
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, stack: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const dep of graph.get(file) ?? []) if (graph.has(dep)) visit(dep, [...stack, file]);
      state.set(file, 'done');
    };
    for (const file of [...graph.keys()].sort()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
