import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RUN_STAGES, type StageName } from '../../src/api/spec.js';
import { fieldInfo } from '../../src/schema-fields.js';

/**
 * Every option, bound and default of a run-spec stage is written once, in its stage's schema
 * module. This guard fails when a default reappears elsewhere: a `.default(` on a field of the
 * same name (or of a lower-level alias such as `topK` for `similarTopK`), a commander default,
 * or a default spelled out in a help string of the CLI.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const STAGE_MODULES: Record<StageName, string> = {
  load: 'src/documents/options.ts',
  hygiene: 'src/hygiene/options.ts',
  chunk: 'src/chunking/options.ts',
  graph: 'graph/builder/options.ts',
  llm: 'src/llm/options.ts',
  store: 'graph/stores/open.ts',
  input: 'src/api/spec.ts',
  generate: 'synthesizers/generate-options.ts',
  output: 'src/testset/write.ts',
};

/** Names the same settings go by in the modules that do the work. */
const ALIASES: Record<string, readonly string[]> = {
  similarTopK: ['topK'],
  similarMinScore: ['minScore'],
  sharedMinScore: ['minScore'],
  maxSharedPerChunk: ['maxPerChunk'],
  personaCount: ['count'],
  neo4jTimeout: ['timeoutSeconds'],
  neo4jIndexWait: ['searchIndexWaitSeconds'],
  neo4jVectorM: ['vectorIndexM'],
  neo4jVectorEfConstruction: ['vectorIndexEfConstruction'],
};
/** Fields a stage takes from the schema that defines them (the stage spreads or reuses it). */
const DEFINED_IN: Record<string, string> = {
  neo4jTimeout: 'graph/stores/neo4j/options.ts',
  neo4jIndexWait: 'graph/stores/neo4j/options.ts',
  neo4jVectorM: 'graph/stores/neo4j/options.ts',
  neo4jVectorEfConstruction: 'graph/stores/neo4j/options.ts',
  verify: 'synthesizers/verify/index.ts',
  hopCheck: 'synthesizers/verify/index.ts',
  threads: 'src/llm/local/options.ts',
  contextSize: 'src/llm/local/options.ts',
  sequences: 'src/llm/local/options.ts',
  sizeCeiling: 'synthesizers/size-ceiling.ts',
  yes: 'synthesizers/size-ceiling.ts',
};

/** Schemas of other runs whose settings share a name but not a meaning (`ragset profile`'s persona count is its own). */
const OWN_STAGES = ['src/profile/build.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = ['src', 'graph', 'synthesizers'].flatMap((dir) => sourceFiles(join(root, dir))).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

describe('defaults are written once, in the stage schemas', () => {
  it('no module but the owner gives a stage field (or its alias) a default', () => {
    const offenders: string[] = [];
    const stages = Object.entries(RUN_STAGES) as [StageName, z.ZodObject][];
    // A name two stages share (each stage's own `concurrency`) is owned by each of them.
    const owners = (field: string) => new Set([...stages.filter(([, schema]) => field in schema.shape).map(([name]) => STAGE_MODULES[name]), DEFINED_IN[field], ...OWN_STAGES]);
    for (const [stage, schema] of stages) {
      for (const [field, fieldSchema] of Object.entries(schema.shape)) {
        if (!fieldInfo(fieldSchema as z.ZodType).hasDefault) continue;
        for (const key of [field, ...(ALIASES[field] ?? [])]) {
          const written = new RegExp(`\\b${key}\\s*:\\s*z\\b[^;]*?\\.default\\(`, 's');
          for (const file of files) {
            if (owners(field).has(file.path)) continue;
            // One property per match: stop at the next "name:" so a neighbour's default is not blamed.
            const properties = file.text.split(/\n\s*(?=\w+\s*:\s*z\b)/);
            if (properties.some((property) => written.test(property))) offenders.push(`${file.path}: ${key} (owned by ${STAGE_MODULES[stage]})`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the CLI writes no default: no commander default, no "(default N)" in a help string', () => {
    const cli = files.filter((file) => file.path.startsWith('src/cli/') && file.path !== 'src/cli/schema-options.ts');
    const offenders = cli.flatMap((file) =>
      file.text
        .split('\n')
        .map((line, i) => ({ line, at: `${file.path}:${i + 1}` }))
        .filter(({ line }) => /new Option\(.*\.default\(|\.option\(\s*(['"`])[^'"`]*\1\s*,\s*(['"`])(?:(?!\2).)*\2\s*,|\(default:? ['"]?\d/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the values the issue found disagreeing are the ones the CLI used', () => {
    const build = RUN_STAGES.graph.parse({});
    expect([build.similarTopK, build.sharedMinScore, build.maxSharedPerChunk]).toEqual([5, 0.1, 10]);
    const generate = RUN_STAGES.generate.parse({ size: 1 });
    expect([generate.seed, generate.personaCount]).toEqual(['42', 5]);
  });
});
