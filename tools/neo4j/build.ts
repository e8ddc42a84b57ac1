import { buildNeo4jLauncher } from './launch.js';

/** `node --import tsx tools/neo4j/build.ts`: builds the test Neo4j ahead of `npm test` (CI does). */
await buildNeo4jLauncher((line) => process.stderr.write(`${line}\n`));
