import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { type FieldInfo, fieldInfo } from '../schema-fields.js';
import { flagName } from './parse-flags.js';

/**
 * Commander options derived from a stage's zod schema: the flag's name (kebab-case of the
 * field), help (`.describe()`), default, choices and "required" all come from the schema,
 * which is the only place they are written. A command says which fields of which stages it
 * takes as flags, how the few renamed ones are spelled, and in which help group they show.
 */

export type HelpGroup = 'Input' | 'Graph' | 'Generation' | 'LLM' | 'Output';

export interface FlagSpec {
  /** Flag name without dashes when it is not the kebab-case field name (`overlapTokens` → `overlap`). */
  flag?: string;
  /** One-letter alias, e.g. `-n`. */
  short?: string;
  /** What the value is, shown in help: `<file>`, `<glob...>`. */
  placeholder?: string;
  /** Lists: `variadic` takes several words (globs), `comma` takes `a,b,c`. */
  list?: 'variadic' | 'comma';
  /** Appended to the help, e.g. ` (documents only)`. */
  note?: string;
  group?: HelpGroup;
}

/** The flags one command takes from one stage of the run spec. */
export interface StageFlags {
  stage: string;
  schema: z.ZodObject;
  group: HelpGroup;
  fields: Readonly<Record<string, FlagSpec | true>>;
}

const kebab = (name: string) => flagName(name);

/** Array element, enum values, or the first member of a union, for deciding how a flag reads its value. */
function valueKind(info: FieldInfo): { kind: 'boolean' | 'number' | 'list' | 'text'; choices?: readonly string[] } {
  const { base, type } = info;
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'number') return { kind: 'number' };
  if (type === 'array') return { kind: 'list' };
  if (type === 'enum') return { kind: 'text', choices: Object.values((base._zod.def as unknown as { entries: Record<string, string> }).entries) };
  return { kind: 'text' };
}

/** Commander hands strings over; a numeric one becomes a number so the schema checks the bound, not the type. */
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
export const numberArgument = (value: string): number | string => (NUMERIC.test(value) ? Number(value) : value);
const commaList = (value: string, previous: unknown): string[] => [
  ...(Array.isArray(previous) ? (previous as string[]) : []),
  ...value.split(',').map((item) => item.trim()).filter(Boolean),
];

const shown = (value: unknown) => (Array.isArray(value) ? value.join(',') : value);

/** The commander option of one field. */
export function optionOf(field: string, schema: z.ZodType, spec: FlagSpec, group: HelpGroup): Option {
  const info = fieldInfo(schema);
  const flag = spec.flag ?? kebab(field);
  const { kind, choices } = valueKind(info);
  const negated = kind === 'boolean' && info.defaultValue === true;
  const argument = kind === 'boolean' ? '' : ` ${spec.placeholder ?? (kind === 'number' ? '<n>' : kind === 'list' ? (spec.list === 'variadic' ? '<value...>' : '<list>') : '<value>')}`;
  const names = `${spec.short ? `${spec.short}, ` : ''}--${negated ? 'no-' : ''}${flag}${argument}`;
  const description = info.description ?? '';
  const help = `${negated ? `turn off: ${description}` : description}${spec.note ?? ''}${info.required ? ' (required)' : ''}`;
  const option = new Option(names, help).helpGroup(`${spec.group ?? group}:`);
  if (kind === 'number') option.argParser(numberArgument);
  if (kind === 'list' && spec.list !== 'variadic') option.argParser(commaList);
  if (choices) option.choices(choices);
  const value = info.defaultValue;
  const showsDefault = info.hasDefault && !negated && value !== false && value !== null && !(Array.isArray(value) && value.length === 0);
  if (showsDefault) option.default(shown(value));
  return option;
}

/** Where each flag of a command goes in the run spec; kept per command for `specValues`. */
const routes = new WeakMap<Command, Map<string, { stage: string; field: string; flag: string }>>();

/** Adds the options of some stages' fields to a command. */
export function addStageOptions(command: Command, stages: readonly StageFlags[]): Command {
  const route = routes.get(command) ?? new Map<string, { stage: string; field: string; flag: string }>();
  routes.set(command, route);
  for (const { stage, schema, group, fields } of stages) {
    for (const [field, given] of Object.entries(fields)) {
      const spec = given === true ? {} : given;
      const fieldSchema = schema.shape[field] as z.ZodType | undefined;
      if (!fieldSchema) throw new Error(`${stage} has no field ${field}`);
      const option = optionOf(field, fieldSchema, spec, group);
      command.addOption(option);
      route.set(option.attributeName(), { stage, field, flag: `--${spec.flag ?? kebab(field)}` });
    }
  }
  return command;
}

export interface GivenValues {
  /** stage → field → value, only for flags given on the command line. */
  values: Record<string, Record<string, unknown>>;
  /** stage → field → the flag it came from. */
  flags: Record<string, Record<string, string>>;
}

/** The values the user gave as flags, placed in their stages (defaults stay the schema's). */
export function givenValues(command: Command): GivenValues {
  const given: GivenValues = { values: {}, flags: {} };
  for (const [attribute, { stage, field, flag }] of routes.get(command) ?? []) {
    (given.flags[stage] ??= {})[field] = flag;
    const source = command.getOptionValueSource(attribute);
    if (source !== 'cli' && source !== 'env') continue;
    (given.values[stage] ??= {})[field] = command.getOptionValue(attribute);
  }
  return given;
}

/** The stage fields that are flags of a command, in declaration order. */
export function stageFlagNames(command: Command): { stage: string; field: string; flag: string; attribute: string }[] {
  return [...(routes.get(command) ?? [])].map(([attribute, route]) => ({ ...route, attribute }));
}

/** Adds every field of a command's own schema (flags that belong to no stage, e.g. an exporter's). */
export function addFlagsOf(command: Command, schema: z.ZodObject, group: HelpGroup, specs: Readonly<Record<string, FlagSpec>> = {}): Command {
  for (const [field, fieldSchema] of Object.entries(schema.shape)) command.addOption(optionOf(field, fieldSchema as z.ZodType, specs[field] ?? {}, group));
  return command;
}
