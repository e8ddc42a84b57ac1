import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { useBuildHarness } from '../graph/build-fixture.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';
import { lexicalGraphs } from './lexical-graphs.js';
import { useNeo4jCliEnvironment } from './neo4j-cli-env.js';

/**
 * Graphs as Neo4j's LLM Graph Builder and neo4j-graphrag write them (their documented
 * models, created here with Cypher), read by `generate --schema` without a rebuild.
 */
const harness = useBuildHarness();
const database = useNeo4jDatabase();
const env = useNeo4jCliEnvironment(harness, 'ragset-lexical-neo4j-');

const { DOCUMENTS, llmGraphBuilderGraph, graphragGraph } = lexicalGraphs(database);

const generate = (out: string, ...flags: string[]) =>
  runCli(['generate', '--store', 'neo4j', '--neo4j-uri', database.uri, '-n', '6', '--seed', '3', '-o', out, '--cache-dir', harness.clients.cacheDir, ...flags]);

const samplesOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => Sample.parse(JSON.parse(line)));

describe('generate --schema: lexical graphs made by other tools', () => {
  it('reads an LLM Graph Builder graph: exactly N samples, offsets within the chunk, said in the provenance', async () => {
    await llmGraphBuilderGraph({ embeddings: true, entities: true });
    const out = join(env.dir, 'lgb.jsonl');
    const run = await generate(out, '--schema', 'llm-graph-builder', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const samples = samplesOf(out);
    expect(samples).toHaveLength(6);
    expect(new Set(samples.map((s) => s.synthesizer_name))).toEqual(new Set(['single_hop_specific', 'multi_hop_specific', 'multi_hop_abstract']));
    const chunkTexts = new Set(DOCUMENTS.flatMap((d) => d.chunks));
    for (const sample of samples) {
      sample.provenance.forEach((p, i) => {
        expect(p.metadata.offsets).toBe('chunk');
        expect(chunkTexts.has(sample.reference_contexts[i] as string)).toBe(true);
        expect(p.end - p.start).toBe((sample.reference_contexts[i] as string).length);
        expect(['rivers.pdf', 'engines.pdf']).toContain(p.source);
      });
    }
  }, 240_000);

  it('reads a neo4j-graphrag graph whose documents keep their text (mapped by a schema map): offsets within the document', async () => {
    await graphragGraph();
    const map = join(env.dir, 'map.json');
    await writeFile(map, JSON.stringify({ document: { text: 'text' } }));
    const out = join(env.dir, 'graphrag.jsonl');
    const run = await generate(out, '--schema', 'neo4j-graphrag', '--schema-map', map);
    expect(run.code).toBe(0);
    const samples = samplesOf(out);
    expect(samples).toHaveLength(6);
    for (const sample of samples) {
      sample.provenance.forEach((p, i) => {
        const document = DOCUMENTS.find((d) => d.name === p.source) as (typeof DOCUMENTS)[number];
        expect(p.metadata.offsets).toBeUndefined();
        expect(document.chunks.join('\n\n').slice(p.start, p.end)).toBe(sample.reference_contexts[i]);
      });
    }
  }, 240_000);

  it('says what a graph without embeddings or entities cannot give, and makes N samples of the kinds it can', async () => {
    await llmGraphBuilderGraph({ embeddings: false, entities: true });
    const noVectors = await generate(join(env.dir, 'no-vectors.jsonl'), '--schema', 'llm-graph-builder');
    expect(noVectors.stderr).toBe('');
    expect(noVectors.code).toBe(0);
    expect(noVectors.stdout).toContain('no Chunk has an embedding (embedding): multi_hop_abstract cannot be made; single_hop_specific and multi_hop_specific can');
    expect(samplesOf(join(env.dir, 'no-vectors.jsonl'))).toHaveLength(6);

    await llmGraphBuilderGraph({ embeddings: true, entities: false });
    const noEntities = await generate(join(env.dir, 'no-entities.jsonl'), '--schema', 'llm-graph-builder');
    expect(noEntities.code).toBe(0);
    expect(noEntities.stdout).toContain('no Chunk links to an entity (HAS_ENTITY): multi_hop_specific cannot be made');
    expect(samplesOf(join(env.dir, 'no-entities.jsonl'))).toHaveLength(6);

    const wrong = await runCli(['generate', '--store', 'neo4j', '--neo4j-uri', database.uri, '-n', '2', '--schema', 'neo4j-graphrag']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('holds no Chunk nodes linked to Document nodes by FROM_DOCUMENT');
  }, 240_000);
});
