import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { useBuildHarness } from '../graph/build-fixture.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';
import { useNeo4jCliEnvironment } from './neo4j-cli-env.js';

/**
 * Graphs as Neo4j's LLM Graph Builder and neo4j-graphrag write them (their documented
 * models, created here with Cypher), read by `generate --schema` without a rebuild.
 */
const harness = useBuildHarness();
const database = useNeo4jDatabase();
const env = useNeo4jCliEnvironment(harness, 'ragset-lexical-neo4j-');

const DOCUMENTS = [
  {
    name: 'rivers.pdf',
    chunks: [
      'The Danube flows through ten countries, more than any other river in the world, from the Black Forest to the Black Sea near Vienna and Budapest.',
      'Barges on the Danube carry grain and steel between Vienna, Budapest and Belgrade, and the river links the Rhine through the Main canal.',
      'The Rhine rises in the Swiss Alps and reaches the North Sea at Rotterdam, carrying barges of coal and grain past Cologne and Basel.',
    ],
    entities: [['Danube', 'Vienna', 'Budapest'], ['Danube', 'Vienna', 'Rhine'], ['Rhine', 'Rotterdam', 'Basel']],
  },
  {
    name: 'engines.pdf',
    chunks: [
      'Ada Lovelace described how the Analytical Engine could compute Bernoulli numbers with a loop of operations on punched cards.',
      'Charles Babbage designed the Analytical Engine with a mill and a store, and Ada Lovelace published her notes on it in London in 1843.',
      'The Jacquard loom in Lyon read punched cards to weave patterns, the idea Babbage borrowed for the Analytical Engine in London.',
    ],
    entities: [['Ada Lovelace', 'Analytical Engine'], ['Charles Babbage', 'Analytical Engine', 'Ada Lovelace', 'London'], ['Jacquard loom', 'Lyon', 'London']],
  },
];

/** A unit vector per document topic, nudged per chunk, so similar chunks are the same document's (256-d, as the fake server embeds questions). */
const vector = (d: number, i: number) => Array.from({ length: 256 }, (_, k) => (k === d ? 1 : 0) + (k === 4 + i ? 0.3 : 0));

async function cypher(query: string, parameters: Record<string, unknown> = {}): Promise<void> {
  const driver = neo4j.driver(database.uri);
  try {
    await driver.executeQuery(query, parameters);
  } finally {
    await driver.close();
  }
}

const rows = (withEmbeddings: boolean) =>
  DOCUMENTS.flatMap((document, d) =>
    document.chunks.map((text, i) => ({
      document: document.name,
      documentText: document.chunks.join('\n\n'),
      id: `${document.name}-${i}`,
      text,
      position: i + 1,
      index: i,
      embedding: withEmbeddings ? vector(d, i) : null,
      entities: document.entities[i],
    })),
  );

/** LLM Graph Builder's model: PART_OF, FIRST_CHUNK, NEXT_CHUNK, HAS_ENTITY, SIMILAR {score}. */
async function llmGraphBuilderGraph(options: { embeddings: boolean; entities: boolean }): Promise<void> {
  await database.clear();
  await cypher(
    `UNWIND $rows AS row
     MERGE (d:Document {fileName: row.document}) SET d.fileType = 'pdf', d.status = 'Completed'
     CREATE (c:Chunk {id: row.id, text: row.text, position: row.position, length: size(row.text), fileName: row.document, embedding: row.embedding})
     CREATE (c)-[:PART_OF]->(d)
     FOREACH (name IN CASE WHEN $entities THEN row.entities ELSE [] END |
       MERGE (e:__Entity__ {id: name}) ON CREATE SET e:Concept
       CREATE (c)-[:HAS_ENTITY]->(e))`,
    { rows: rows(options.embeddings), entities: options.entities },
  );
  await cypher(`MATCH (d:Document)<-[:PART_OF]-(c:Chunk {position: 1}) CREATE (d)-[:FIRST_CHUNK]->(c)`);
  await cypher(`MATCH (a:Chunk)-[:PART_OF]->(d)<-[:PART_OF]-(b:Chunk) WHERE b.position = a.position + 1 CREATE (a)-[:NEXT_CHUNK]->(b)`);
  if (options.embeddings) {
    await cypher(`MATCH (a:Chunk)-[:PART_OF]->(d)<-[:PART_OF]-(b:Chunk) WHERE a.position < b.position CREATE (a)-[:SIMILAR {score: 0.8}]->(b)`);
  }
}

/** neo4j-graphrag's model: FROM_DOCUMENT, NEXT_CHUNK, entities -[:FROM_CHUNK]-> chunks; here the document keeps its text. */
async function graphragGraph(): Promise<void> {
  await database.clear();
  await cypher(
    `UNWIND $rows AS row
     MERGE (d:Document {path: row.document}) SET d.text = row.documentText
     CREATE (c:Chunk {text: row.text, index: row.index, embedding: row.embedding})
     CREATE (c)-[:FROM_DOCUMENT]->(d)
     FOREACH (name IN row.entities | MERGE (e:__Entity__:__KGBuilder__:Person {name: name}) CREATE (e)-[:FROM_CHUNK]->(c))`,
    { rows: rows(true) },
  );
  await cypher(`MATCH (a:Chunk)-[:FROM_DOCUMENT]->(d)<-[:FROM_DOCUMENT]-(b:Chunk) WHERE b.index = a.index + 1 CREATE (a)-[:NEXT_CHUNK]->(b)`);
}

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
