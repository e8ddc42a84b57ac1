import type { Command } from 'commander';
import type { z } from 'zod';
import { RUN_STAGES, type StageName } from '../api/spec.js';
import { UsageError } from '../errors.js';
import type { ConfigFile } from './config-file.js';
import { issueText } from './parse-flags.js';
import { givenValues } from './schema-options.js';

/**
 * A command's run spec: for each stage it runs, the config file's section with the flags given
 * on the command line over it, parsed once by the stage's schema. A bad value is one line
 * naming the flag (`--max-tokens: must be at least 16`) or the config key it came from.
 */

const configs = new WeakMap<Command, ConfigFile | undefined>();

/** Called once per run by the program (after `--config` is known). */
export function setConfigFile(program: Command, file: ConfigFile | undefined): void {
  configs.set(program, file);
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return ['ragset', ...names].join(' ');
}

export type StageSpec<S extends StageName> = z.output<(typeof RUN_STAGES)[S]>;
export type StageInput<S extends StageName> = z.input<(typeof RUN_STAGES)[S]>;

/** The merged values of one stage before parsing: config section, then flags. */
export function stageInput(command: Command, stage: StageName): Record<string, unknown> {
  const file = configs.get(rootOf(command));
  return { ...file?.values[stage], ...givenValues(command).values[stage] };
}

/** Parses one stage of a command's run spec. */
export function parseStage<S extends StageName>(command: Command, stage: S): StageSpec<S> {
  const input = stageInput(command, stage);
  const result = RUN_STAGES[stage].safeParse(input);
  if (result.success) return result.data as StageSpec<S>;
  const issue = result.error.issues[0];
  throw usageErrorOf(command, stage, issue);
}

/** Names the flag or config key an issue is about. */
export function usageErrorOf(command: Command, stage: StageName, issue: z.core.$ZodIssue | undefined): UsageError {
  const given = givenValues(command);
  const field = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  const flag = field === undefined ? undefined : given.flags[stage]?.[field];
  const fromConfig = field !== undefined && given.values[stage]?.[field] === undefined && configs.get(rootOf(command))?.values[stage]?.[field] !== undefined;
  const where = fromConfig ? `config file ${configs.get(rootOf(command))?.path}: ${[stage, ...(issue?.path ?? [])].join('.')}` : flag ?? [stage, ...(issue?.path ?? [])].join('.');
  return new UsageError(`${where}: ${issue ? issueText(issue) : 'invalid'}`, `see \`${commandPath(command)} --help\``);
}

/** The llm stage as given (config and flags, no defaults): unset settings fall back to the environment. */
export function llmInput(command: Command): z.input<(typeof RUN_STAGES)['llm']> {
  return stageInput(command, 'llm');
}
