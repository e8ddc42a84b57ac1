/** The Neo4j graph store: see graph/stores/neo4j/ (one concept per file). */
export { createNeo4jStore, type Neo4jStore } from './neo4j/store.js';
export { Neo4jOptions, resolveNeo4jOptions, type ResolvedNeo4jOptions } from './neo4j/options.js';
