import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { prototypeKey } from '../data-file.js';
import { UsageError } from '../errors.js';

/**
 * `ragset.config.json` (or `--config FILE`): defaults for any flag, so a team can commit its
 * endpoint, models, mix and seed once. Keys are flag names in camelCase (`embeddingModel`,
 * `mix`, `seed`); a section named after a command (`"generate": {…}`) applies to that command
 * only and wins over the top level. Flags given on the command line always win.
 * Values go through the same zod schema as the flags, inside each command.
 */
export const CONFIG_FILE_NAME = 'ragset.config.json';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
/** Lists become comma lists; objects such as `"mix": {"single": 0.5}` become `single=0.5,…`. */
const ConfigValue = z.union([Scalar, z.array(z.union([z.string(), z.number()])), z.record(z.string(), z.union([z.string(), z.number()]))]);
/** Lists of records (`"categories": {"question_type": [{…}]}`) reach the command as they are; its schema validates them. */
const StructuredValue = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));
const ConfigSection = z.record(z.string(), z.union([ConfigValue, StructuredValue]));
export const ConfigFile = z.record(z.string(), z.union([ConfigValue, StructuredValue, ConfigSection]));
export type ConfigFile = z.infer<typeof ConfigFile>;

function toFlagValue(value: z.infer<typeof ConfigValue>): string | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(',');
  return Object.entries(value)
    .map(([key, weight]) => `${key}=${weight}`)
    .join(',');
}

/** Reads the explicit file, or `ragset.config.json` in the working folder when it exists. */
export function readConfigFile(explicitPath: string | undefined, cwd = process.cwd()): { path: string; config: ConfigFile } | undefined {
  const path = explicitPath ? resolve(cwd, explicitPath) : resolve(cwd, CONFIG_FILE_NAME);
  if (!explicitPath && !existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read config file ${path}: ${reason}`, 'fix the JSON or pass another --config');
  }
  const forbidden = prototypeKey(json);
  if (forbidden !== undefined) {
    throw new UsageError(`key "${forbidden}" is not allowed in config file ${path}`, 'remove it: keys are flag names in camelCase or command names');
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`invalid config file ${path}: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, 'values are strings, numbers, booleans, lists or {name: weight} objects');
  }
  return { path, config: parsed.data };
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Fills the options of `command` that were not given on the command line from the config.
 * Unknown keys are errors (a typo must not be silently ignored).
 */
export function applyConfig(program: Command, command: Command, file: { path: string; config: ConfigFile }): void {
  const commands = allCommands(program);
  const optionNames = new Set(commands.flatMap((c) => c.options.map((o) => o.attributeName())));
  const sectionNames = new Set(commands.map(commandPath).filter(Boolean));
  for (const [key, value] of Object.entries(file.config)) {
    const isSection = sectionNames.has(key) && typeof value === 'object' && !Array.isArray(value);
    if (!isSection && !optionNames.has(key)) {
      throw new UsageError(`unknown key "${key}" in config file ${file.path}`, 'keys are flag names in camelCase (e.g. embeddingModel) or command names');
    }
  }
  const section = file.config[commandPath(command)];
  const sectionValues = section && typeof section === 'object' && !Array.isArray(section) ? ConfigSection.parse(section) : {};
  for (const option of command.options) {
    const name = option.attributeName();
    const source = command.getOptionValueSource(name);
    if (source === 'cli' || source === 'env') continue;
    const raw = sectionValues[name] ?? (sectionNames.has(name) ? undefined : file.config[name]);
    if (raw === undefined) continue;
    const value = ConfigValue.safeParse(raw);
    const structured = StructuredValue.safeParse(raw);
    if (!value.success && !structured.success) throw new UsageError(`config file ${file.path}: "${name}" must be a value, not a section`);
    command.setOptionValueWithSource(name, value.success ? toFlagValue(value.data) : structured.data, 'config');
  }
}
