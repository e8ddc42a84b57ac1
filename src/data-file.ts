import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { NoInputError, UsageError } from './errors.js';

/**
 * Small data files users write by hand or ragset writes for them (categorizations, query
 * profiles): YAML or JSON (JSON is YAML), validated with a zod schema. Every failure is one
 * line naming the file and what to do.
 */

/** Keys that would reach an object's prototype when copied (parsers keep them as own keys). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first prototype key at any depth of parsed data, if any. */
export function prototypeKey(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const [key, value] of Object.entries(data)) {
    if (PROTOTYPE_KEYS.has(key)) return key;
    const nested = prototypeKey(value);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** One line per zod error: `path: message; …`. */
export const oneLine = (error: z.ZodError) => z.prettifyError(error).replace(/\s*\n\s*→?\s*/g, ' ').replace(/✖\s*/g, '').trim();

export async function readDataFile<T extends z.ZodType>(path: string, schema: T, what: string, hint: string): Promise<z.output<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' ? new NoInputError(`${what} ${path} does not exist`, hint) : new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`, hint);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${what} ${path} is neither YAML nor JSON: ${reason}`, hint);
  }
  const forbidden = prototypeKey(data);
  if (forbidden !== undefined) throw new UsageError(`key "${forbidden}" is not allowed in ${what} ${path}`, hint);
  const result = schema.safeParse(data);
  if (!result.success) throw new UsageError(`invalid ${what} ${path}: ${oneLine(result.error)}`, hint);
  return result.data;
}
