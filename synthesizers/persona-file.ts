import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../src/errors.js';
import { writeFileAtomic } from '../src/testset/write.js';
import { Persona } from './personas.js';

/**
 * Personas as files: a JSON array of `{name, role_description}`, a JSON object
 * `{ "personas": [...] }`, or JSONL with one persona per line. The personas a run used are
 * written in the same shape beside the testset, so they can be passed back with `--personas`.
 */

const PersonaList = z.array(Persona).min(1);
const PersonaFile = z.union([PersonaList, z.object({ personas: PersonaList })]);

function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not one JSON value: read it as JSONL.
  }
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new UsageError(`${path}:${number} is not valid JSON`, 'write a JSON array of {name, role_description} or one object per line');
      }
    });
}

/** Parses persona file text; names must be unique (case-insensitive). */
export function parsePersonas(text: string, path: string): Persona[] {
  const result = PersonaFile.safeParse(parseJsonText(text, path));
  if (!result.success) {
    throw new UsageError(`${path} is not a persona list: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`, 'each persona needs a non-empty name and role_description');
  }
  const personas = Array.isArray(result.data) ? result.data : result.data.personas;
  const seen = new Set<string>();
  for (const persona of personas) {
    const key = persona.name.toLowerCase();
    if (seen.has(key)) throw new UsageError(`${path} names the persona "${persona.name}" twice`, 'give each persona a unique name');
    seen.add(key);
  }
  return personas;
}

export async function readPersonasFile(path: string): Promise<Persona[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read personas file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the --personas path');
  }
  return parsePersonas(text, path);
}

export async function writePersonasFile(path: string, personas: readonly Persona[]): Promise<void> {
  const plain = personas.map(({ name, role_description }) => ({ name, role_description }));
  await writeFileAtomic(path, `${JSON.stringify(plain, null, 2)}\n`);
}
