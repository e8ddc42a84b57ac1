import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { RUN_STAGES, SECRET_FIELDS, STAGE_NAMES, type StageName } from '../api/spec.js';
import { prototypeKey } from '../data-file.js';
import { UsageError } from '../errors.js';

/**
 * `ragset.config.yaml` (or `.yml`, `.json`, or `--config FILE`): any part of the run spec,
 * by stage — `llm: {model: …}`, `generate: {mix: {single: 0.5}, seed: 7}`. Flags given on the
 * command line win. Keys are checked here (unknown ones are errors, with the nearest valid
 * key); values are checked by the stage's schema when a command parses its stages.
 */
export const CONFIG_FILE_NAMES = ['ragset.config.yaml', 'ragset.config.yml', 'ragset.config.json'] as const;

export type ConfigValues = Partial<Record<StageName, Record<string, unknown>>>;
export interface ConfigFile {
  path: string;
  values: ConfigValues;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nearest = (key: string, valid: readonly string[]) => `did you mean "${closest(key, [...valid])}"?`;

/** Checks every key against the stage schemas; returns the values by stage. */
export function checkConfig(json: unknown, path: string): ConfigValues {
  const where = `config file ${path}`;
  const forbidden = prototypeKey(json);
  if (forbidden !== undefined) throw new UsageError(`key "${forbidden}" is not allowed in ${where}`, 'remove it');
  if (!isRecord(json)) throw new UsageError(`${where} must hold an object of stages (${STAGE_NAMES.join(', ')})`, 'see `ragset init`');
  const values: ConfigValues = {};
  for (const [stage, section] of Object.entries(json)) {
    if (stage === '$schema') continue;
    if (!(STAGE_NAMES as readonly string[]).includes(stage)) {
      throw new UsageError(`unknown key "${stage}" in ${where}`, `${nearest(stage, STAGE_NAMES)} top-level keys are stages: ${STAGE_NAMES.join(', ')}`);
    }
    const name = stage as StageName;
    // A stage whose settings are all commented out (as `ragset init` writes it) is empty.
    if (section === null) continue;
    if (!isRecord(section)) throw new UsageError(`${where}: "${stage}" must be an object of settings`, `e.g. ${stage}: {…}`);
    const fields = Object.keys((RUN_STAGES[name] as z.ZodObject).shape).filter((field) => !SECRET_FIELDS[name]?.includes(field));
    for (const key of Object.keys(section)) {
      if (SECRET_FIELDS[name]?.includes(key)) throw new UsageError(`${where}: ${stage}.${key} is not allowed`, 'keys come only from the environment');
      if (!fields.includes(key)) throw new UsageError(`unknown key "${stage}.${key}" in ${where}`, `${nearest(key, fields)} (the ${stage} settings are ${fields.join(', ')})`);
    }
    values[name] = section;
  }
  return values;
}

function parseText(text: string, path: string): unknown {
  try {
    return extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UsageError(`cannot read config file ${path}: ${reason}`, 'fix it or pass another --config');
  }
}

/** Reads the explicit file, or the first `ragset.config.{yaml,yml,json}` in the working folder. */
export function readConfigFile(explicitPath: string | undefined, cwd = process.cwd()): ConfigFile | undefined {
  const path = explicitPath ? resolve(cwd, explicitPath) : CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate));
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the --config path');
  }
  return { path, values: checkConfig(parseText(text, path) ?? {}, path) };
}
