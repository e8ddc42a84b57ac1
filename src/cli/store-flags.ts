import type { Command } from 'commander';
import type { StoreOptions } from '../../graph/stores/open.js';
import { LlmOptions, type LlmOptionsInput } from '../llm/options.js';
import type { OutputPath } from '../output-paths.js';
import { UsageError } from '../errors.js';
import { commandPath, stageInput } from './run-spec.js';
import { givenValues } from './schema-options.js';

/** Neo4j settings without `--store neo4j`, or a graph file with it: a one-line usage error naming the flag. */
export function checkStoreFlags(command: Command, store: StoreOptions, messages: { path: string }): void {
  const given = stageInput(command, 'store');
  const flags = givenValues(command).flags.store ?? {};
  const flag = (field: string) => flags[field] ?? `store.${field}`;
  const hint = `see \`${commandPath(command)} --help\``;
  if (store.kind !== 'neo4j') {
    const stray = ['neo4jUri', 'neo4jDatabase', 'neo4jSearchIndexes', 'neo4jIndexWait', 'neo4jVectorM', 'neo4jVectorEfConstruction'].find((field) => given[field] !== undefined);
    if (stray) throw new UsageError(`${flag(stray)}: applies only with --store neo4j`, hint);
  } else if (given.path !== undefined) {
    throw new UsageError(`${flag('path')}: ${messages.path}`, hint);
  }
}

/** The response cache folder, as `--cache-dir` names it, when the cache is on. */
export function cacheDirOf(llm: LlmOptionsInput): OutputPath[] {
  const { cache, cacheDir } = LlmOptions.pick({ cache: true, cacheDir: true }).parse(llm);
  return cache ? [{ path: cacheDir, label: '--cache-dir', kind: 'directory' }] : [];
}
