import type { z } from 'zod';
import { UsageError } from '../errors.js';

/** `neo4jUri` → `neo4j-uri`: the flag a schema field came from. */
export const flagName = (name: PropertyKey) => String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses a command's raw flags with its schema; the first issue becomes a one-line usage error. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown, command: string): z.output<T> {
  const result = schema.safeParse(flags);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue?.path[0] === undefined ? '' : `--${flagName(issue.path[0])}: `;
  throw new UsageError(`${flag}${issue?.message ?? 'invalid flags'}`, `see \`${command} --help\``);
}
