import type { Command } from 'commander';
import { addHygieneOptions } from './hygiene-flags.js';
import { Neo4jOptions } from '../../graph/stores/neo4j/options.js';

const NEO4J_TIMEOUT_DEFAULT = Neo4jOptions.shape.timeoutSeconds.parse(undefined);

/**
 * The options `build` and `generate` share for building a graph: Neo4j target, which files,
 * chunking, hygiene opt-outs and relationship thresholds. `scope` is appended to each description, e.g.
 * " (documents only)" where the command can also start from a built graph.
 */
export function addGraphBuildOptions(command: Command, scope = ''): Command {
  const note = (text: string) => `${text}${scope}`;
  return addHygieneOptions(addNeo4jOptions(command), scope)
    .option('--include <glob...>', note('only files in folders matching these globs (e.g. "*.md" "guides/**")'))
    .option('--exclude <glob...>', note('skip files in folders matching these globs'))
    .option('--max-tokens <n>', note('largest chunk, in tokens'), '512')
    .option('--overlap <n>', note('tokens repeated between consecutive chunks of one section'), '64')
    .option('--similar-top-k <k>', note('most similar neighbours kept per chunk, 0 for none (default 5)'))
    .option('--similar-min-score <x>', note('least cosine similarity for a similar edge (default 0.5; 0.1 with lexical embeddings: offline, or local without --embedding-model)'))
    .option('--shared-min-score <x>', note('least weighted entity overlap, 0–1, for a shares_entities edge (default 0.1)'));
}

/** Where `--store neo4j` connects; every command that takes `--store` has these. */
export function addNeo4jOptions(command: Command): Command {
  return command
    .option('--neo4j-uri <uri>', 'with --store neo4j: bolt://host:port (env NEO4J_URI; user and password from NEO4J_USERNAME, NEO4J_PASSWORD)')
    .option('--neo4j-database <name>', 'with --store neo4j: database (env NEO4J_DATABASE; default: the server default)')
    .option('--neo4j-timeout <seconds>', `with --store neo4j: longest wait to connect and for the Bolt handshake (default ${NEO4J_TIMEOUT_DEFAULT})`);
}
