/** `ragset/neo4j`: the Neo4j graph store and its building blocks (loads neo4j-driver). */
export * from '../graph/stores/neo4j.js';
export { pushGraph, pullGraph } from '../graph/stores/neo4j/transfer.js';
