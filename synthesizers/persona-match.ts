import type { Rng } from '../src/rng.js';
import type { ChunkFacts } from './corpus.js';
import { termKey } from './corpus.js';
import { dot, maxDimensions, meanDirection } from './kmeans.js';
import type { Persona, PersonaProfile } from './personas.js';

/**
 * Which persona asks about a set of chunks, without an LLM call: the persona whose cluster
 * centre is nearest the chunks' mean summary embedding; for personas from a file (no
 * centre), the one whose description shares most words with the chunks' key phrases,
 * entities and themes. Ties are broken with the scenario's rng.
 */

const STOPWORDS = new Set(
  'the and for with who what how that this their they from about into are was were want wants know knows need needs have has like such other more most also over than then them when where which while would could should your you not but its it'.split(' '),
);

function words(text: string): string[] {
  return termKey(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !STOPWORDS.has(word));
}

function lexicalScore(persona: Persona, chunks: readonly ChunkFacts[]): number {
  const personaWords = new Set(words(`${persona.name} ${persona.role_description}`));
  if (personaWords.size === 0) return 0;
  const chunkWords = new Set(
    chunks.flatMap((chunk) => [...chunk.keyphrases, ...chunk.themes, ...chunk.entities.map((e) => e.name)].flatMap(words)),
  );
  let shared = 0;
  for (const word of personaWords) if (chunkWords.has(word)) shared++;
  return shared / Math.sqrt(personaWords.size);
}

export function matchPersona(profiles: readonly PersonaProfile[], chunks: readonly ChunkFacts[], rng: Rng): Persona {
  const vectors = chunks.map((chunk) => chunk.vector).filter((vector): vector is Float32Array => vector !== null);
  const useVectors = vectors.length > 0 && profiles.every((profile) => profile.centroid !== null);
  const direction = useVectors ? meanDirection(vectors, maxDimensions(vectors)) : null;
  const scores = profiles.map((profile) =>
    direction ? dot(direction, profile.centroid as Float32Array) : lexicalScore(profile.persona, chunks),
  );
  const best = Math.max(...scores);
  const tied = profiles.filter((_, i) => Math.abs((scores[i] as number) - best) < 1e-9);
  const chosen = tied.length > 1 ? rng.pick(tied) : tied[0];
  if (!chosen) throw new Error('matchPersona needs at least one persona');
  return chosen.persona;
}
