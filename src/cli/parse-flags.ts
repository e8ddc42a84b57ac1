import type { z } from 'zod';
import { UsageError } from '../errors.js';

/** `neo4jUri` → `neo4j-uri`: the flag a schema field came from. */
export const flagName = (name: PropertyKey) => String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const ZOD_DEFAULT_MESSAGE = /^(Invalid input|Too small|Too big|Invalid option|Invalid string|Invalid number)/;

/** A zod issue in the words of a flag's help: "must be at least 16", "is required". */
export function issueText(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be a ${issue.expected === 'number' ? 'number' : issue.expected}`;
    case 'too_small': {
      if (issue.origin === 'string' || issue.origin === 'array') return 'must not be empty';
      const minimum = Number(issue.minimum);
      if (minimum === 0 && issue.inclusive) return 'must not be negative';
      return issue.inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
    }
    case 'too_big':
      return issue.inclusive ? `must be at most ${Number(issue.maximum)}` : `must be less than ${Number(issue.maximum)}`;
    case 'invalid_union': {
      // The branch that got furthest: a custom or bound message beats "expected string".
      const inner = issue.errors.flat().find((candidate) => candidate.code !== 'invalid_type') ?? issue.errors.flat()[0];
      return inner ? issueText(inner) : issue.message;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Parses a command's own flags with its schema; the first issue becomes a one-line usage error. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown, command: string): z.output<T> {
  const result = schema.safeParse(flags);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue?.path[0] === undefined ? '' : `--${flagName(issue.path[0])}: `;
  throw new UsageError(`${flag}${issue ? issueText(issue) : 'invalid flags'}`, `see \`${command} --help\``);
}
