import neo4j from 'neo4j-driver';
import type { Neo4jTestDatabase } from '../setup/neo4j-database.js';

/**
 * Graphs as Neo4j's LLM Graph Builder and neo4j-graphrag write them (their documented
 * models, created with Cypher in the test Neo4j): two documents of three chunks each.
 */
export const DOCUMENTS = [
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

async function cypher(database: Neo4jTestDatabase, query: string, parameters: Record<string, unknown> = {}): Promise<void> {
  const driver = neo4j.driver(database.uri);
  try {
    await driver.executeQuery(query, parameters);
  } finally {
    await driver.close();
  }
}

/** LLM Graph Builder's model: PART_OF, FIRST_CHUNK, NEXT_CHUNK, HAS_ENTITY, SIMILAR {score}. */
async function llmGraphBuilderGraph(database: Neo4jTestDatabase, options: { embeddings: boolean; entities: boolean }): Promise<void> {
  await database.clear();
  await cypher(database, 
    `UNWIND $rows AS row
     MERGE (d:Document {fileName: row.document}) SET d.fileType = 'pdf', d.status = 'Completed'
     CREATE (c:Chunk {id: row.id, text: row.text, position: row.position, length: size(row.text), fileName: row.document, embedding: row.embedding})
     CREATE (c)-[:PART_OF]->(d)
     FOREACH (name IN CASE WHEN $entities THEN row.entities ELSE [] END |
       MERGE (e:__Entity__ {id: name}) ON CREATE SET e:Concept
       CREATE (c)-[:HAS_ENTITY]->(e))`,
    { rows: rows(options.embeddings), entities: options.entities },
  );
  await cypher(database, `MATCH (d:Document)<-[:PART_OF]-(c:Chunk {position: 1}) CREATE (d)-[:FIRST_CHUNK]->(c)`);
  await cypher(database, `MATCH (a:Chunk)-[:PART_OF]->(d)<-[:PART_OF]-(b:Chunk) WHERE b.position = a.position + 1 CREATE (a)-[:NEXT_CHUNK]->(b)`);
  if (options.embeddings) {
    await cypher(database, `MATCH (a:Chunk)-[:PART_OF]->(d)<-[:PART_OF]-(b:Chunk) WHERE a.position < b.position CREATE (a)-[:SIMILAR {score: 0.8}]->(b)`);
  }
}

/** neo4j-graphrag's model: FROM_DOCUMENT, NEXT_CHUNK, entities -[:FROM_CHUNK]-> chunks; here the document keeps its text. */
async function graphragGraph(database: Neo4jTestDatabase): Promise<void> {
  await database.clear();
  await cypher(database, 
    `UNWIND $rows AS row
     MERGE (d:Document {path: row.document}) SET d.text = row.documentText
     CREATE (c:Chunk {text: row.text, index: row.index, embedding: row.embedding})
     CREATE (c)-[:FROM_DOCUMENT]->(d)
     FOREACH (name IN row.entities | MERGE (e:__Entity__:__KGBuilder__:Person {name: name}) CREATE (e)-[:FROM_CHUNK]->(c))`,
    { rows: rows(true) },
  );
  await cypher(database, `MATCH (a:Chunk)-[:FROM_DOCUMENT]->(d)<-[:FROM_DOCUMENT]-(b:Chunk) WHERE b.index = a.index + 1 CREATE (a)-[:NEXT_CHUNK]->(b)`);
}

/** The fixtures bound to the test file's database; each replaces what the database holds. */
export function lexicalGraphs(database: Neo4jTestDatabase) {
  return {
    DOCUMENTS,
    llmGraphBuilderGraph: (options: { embeddings: boolean; entities: boolean }) => llmGraphBuilderGraph(database, options),
    graphragGraph: () => graphragGraph(database),
  };
}
