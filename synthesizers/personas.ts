import { z } from 'zod';
import { UnreachableError } from '../src/errors.js';
import { PERSONA_TASK, PersonaInput, PersonaOutput } from '../src/llm/tasks.js';
import { echoesHints } from '../src/llm/echo.js';
import type { ChatMessage, LlmClient } from '../src/llm/types.js';
import type { OnProgress } from '../src/progress.js';
import type { Rng } from '../src/rng.js';
import type { ChunkFacts, Corpus } from './corpus.js';
import { termKey } from './corpus.js';
import { dot, kmeans, maxDimensions, meanDirection } from './kmeans.js';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../src/llm/fence.js';

/**
 * Who asks the questions. Personas come from a file, or from the graph: chunk summary
 * embeddings are clustered (seeded k-means++), and one LLM call per cluster (stage
 * `persona`) names the audience of that cluster from its most central summaries.
 */

/**
 * A label a model (or a file) gave, fit for one table cell: whitespace runs, newlines
 * included, become one space, and a label past `max` characters is cut at a word with `…`.
 */
export function singleLine(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

export const MAX_PERSONA_NAME = 60;
export const MAX_PERSONA_DESCRIPTION = 400;

export const Persona = z.object({
  name: z.string().transform((text) => singleLine(text, MAX_PERSONA_NAME)).pipe(z.string().min(1)),
  role_description: z.string().transform((text) => singleLine(text, MAX_PERSONA_DESCRIPTION)).pipe(z.string().min(1)),
});
export type Persona = z.infer<typeof Persona>;

/** A persona and, when it came from the graph, the centre of the chunks it was made from. */
export interface PersonaProfile {
  persona: Persona;
  centroid: Float32Array | null;
}

const CENTRAL_SUMMARIES = 5;
const CLUSTER_KEYPHRASES = 12;

export const PERSONA_SYSTEM_PROMPT = [
  'You describe the people who would search a document collection.',
  'Given summaries of related passages and their key phrases, invent one realistic persona who would ask questions about them:',
  'a short role name (not a personal name) and one or two sentences on who they are and what they want to know.',
  'Choose a name that is not in the list of names already taken. Answer with JSON only.',
  UNTRUSTED_PASSAGES_RULE,
].join(' ');

/** What a persona answer must not repeat: the prompt and the schema's field hints with their examples. */
const PERSONA_HINTS = [
  PERSONA_SYSTEM_PROMPT,
  ...Object.values(PersonaOutput.shape).flatMap((field) => (field.description ? [field.description] : [])),
];

/**
 * The persona answer as validated: a name or description that echoes the hints fails
 * validation, so it gets the one repair request with the reason, like any invalid answer.
 */
export const ModelPersona = PersonaOutput.superRefine((value, context) => {
  for (const field of ['name', 'role_description'] as const) {
    if (echoesHints(value[field], PERSONA_HINTS)) {
      context.addIssue({ code: 'custom', path: [field], message: 'repeats the instructions instead of describing a reader of these passages; write your own' });
    }
  }
});

export function personaMessages(input: PersonaInput): ChatMessage[] {
  const code = boundaryCode([...input.summaries, ...input.keyphrases, ...input.takenNames]);
  const lines = [
    `Boundary code: ${code}`,
    '',
    ...input.summaries.map((summary, i) => fencePassage(code, `summary ${i + 1} of ${input.summaries.length} (most typical first)`, summary)),
    '',
    `Key phrases: ${input.keyphrases.map(quoted).join(', ') || '(none)'}`,
    `Names already taken: ${input.takenNames.map(quoted).join(', ') || '(none)'}`,
  ];
  return [
    { role: 'system', content: PERSONA_SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** Clusters of at least three chunks on average, so a tiny corpus gets one or two personas. */
export function personaClusterCount(requested: number, chunkCount: number): number {
  return Math.max(1, Math.min(requested, Math.floor(chunkCount / 3)));
}

/** `name`, or `name (2)`, `name (3)`… whichever is not yet taken (case-insensitive). */
export function uniqueName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  let suffix = 2;
  while (used.has(`${name} (${suffix})`.toLowerCase())) suffix++;
  return `${name} (${suffix})`;
}

interface Cluster {
  members: ChunkFacts[];
  centroid: Float32Array | null;
}

/**
 * Audiences are broad, so a seeded sample of chunks finds them as well as the whole corpus
 * and keeps k-means cheap on a corpus of 100k chunks.
 */
const MAX_CLUSTERED_CHUNKS = 2000;

function clusterChunks(corpus: Corpus, count: number, rng: Rng): Cluster[] {
  const withVectors = corpus.chunks.filter((chunk) => chunk.vector !== null);
  const embedded =
    withVectors.length <= MAX_CLUSTERED_CHUNKS
      ? withVectors
      : rng.fork('sample').shuffle(withVectors).slice(0, MAX_CLUSTERED_CHUNKS).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (embedded.length === 0) return corpus.chunks.length > 0 ? [{ members: corpus.chunks, centroid: null }] : [];
  const vectors = embedded.map((chunk) => chunk.vector as Float32Array);
  const { assignments } = kmeans(vectors, personaClusterCount(count, embedded.length), rng);
  const dimensions = maxDimensions(vectors);
  const clusters = new Map<number, ChunkFacts[]>();
  embedded.forEach((chunk, i) => {
    const cluster = assignments[i] as number;
    const members = clusters.get(cluster);
    if (members) members.push(chunk);
    else clusters.set(cluster, [chunk]);
  });
  return [...clusters.keys()]
    .sort((a, b) => a - b)
    .map((cluster) => {
      const members = clusters.get(cluster) as ChunkFacts[];
      return { members, centroid: meanDirection(members.map((m) => m.vector as Float32Array), dimensions) };
    });
}

/**
 * The cluster's most central summaries and its most characteristic key phrases: frequent
 * in the cluster and rare in the corpus (count × idf), so a phrase every page repeats
 * ("see section") does not name an audience; `usable` drops navigation words, letters and
 * terms found in a large share of the chunks (src/hygiene/terms.ts) altogether.
 */
export function clusterPrompt(
  cluster: Cluster,
  takenNames: readonly string[],
  idf: (key: string) => number,
  usable: (key: string) => boolean = () => true,
): PersonaInput {
  const central = cluster.centroid
    ? [...cluster.members].sort(
        (a, b) => dot(b.vector as Float32Array, cluster.centroid as Float32Array) - dot(a.vector as Float32Array, cluster.centroid as Float32Array),
      )
    : cluster.members;
  const counts = new Map<string, { text: string; count: number }>();
  for (const member of cluster.members) {
    for (const phrase of member.keyphrases) {
      const key = termKey(phrase);
      if (!usable(key)) continue;
      const entry = counts.get(key) ?? { text: phrase.trim(), count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const weight = (key: string, entry: { count: number }) => entry.count * idf(key);
  const keyphrases = [...counts.entries()]
    .sort(([keyA, a], [keyB, b]) => weight(keyB, b) - weight(keyA, a) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0))
    .slice(0, CLUSTER_KEYPHRASES)
    .map(([, entry]) => entry.text);
  return PersonaInput.parse({
    summaries: central.slice(0, CENTRAL_SUMMARIES).map((member) => member.summary).filter((s) => s.trim() !== ''),
    keyphrases,
    takenNames: [...takenNames],
  });
}

type PersonaAnswer = { ok: true; persona: Persona } | { ok: false; reason: string };

/**
 * One persona per cluster of chunk summaries, one `persona` call each, all at once (the
 * client's concurrency limit applies). A cluster whose name an earlier cluster already has
 * asks once more, again all at once, now told the names taken; a name still taken then gets
 * a ` (2)` suffix. Taken in cluster order, so the result does not depend on which call
 * finished first. At most two calls per cluster. A cluster whose call fails is left out
 * (its chunks go to the nearest other persona); no persona at all is an error.
 */
export async function personasFromGraph(
  corpus: Corpus,
  llm: LlmClient,
  rng: Rng,
  /** `count`: bound and default are `personaCount` of the generate stage. */
  options: { count: number; onProgress?: OnProgress },
): Promise<PersonaProfile[]> {
  const clusters = clusterChunks(corpus, options.count, rng);
  let done = 0;
  const ask = async (cluster: Cluster, takenNames: readonly string[]): Promise<PersonaAnswer> => {
    const input = clusterPrompt(cluster, takenNames, corpus.idf, (key) => corpus.terms.rule(key) === undefined);
    const result = await llm.object({
      stage: 'persona',
      name: 'persona',
      schema: ModelPersona,
      messages: personaMessages(input),
      task: { name: PERSONA_TASK, input },
    });
    const parsed = result.ok ? Persona.safeParse(result.value) : undefined;
    if (parsed?.success) return { ok: true, persona: parsed.data };
    return { ok: false, reason: result.ok ? 'empty name or description' : result.reason };
  };
  const answers = await Promise.all(
    clusters.map(async (cluster) => {
      const answer = await ask(cluster, []);
      options.onProgress?.({ stage: 'persona', done: ++done, total: clusters.length });
      return answer;
    }),
  );
  const isTaken = (name: string, before: number) =>
    answers.slice(0, before).some((other) => other.ok && other.persona.name.toLowerCase() === name.toLowerCase());
  const clashes = answers.flatMap((answer, index) => (answer.ok && isTaken(answer.persona.name, index) ? [index] : []));
  if (clashes.length > 0) {
    const taken = [...new Set(answers.flatMap((answer) => (answer.ok ? [answer.persona.name] : [])))];
    const again = await Promise.all(clashes.map((index) => ask(clusters[index] as Cluster, taken)));
    // A failed second try keeps the first answer; the suffix below makes it unique.
    clashes.forEach((index, i) => {
      const answer = again[i] as PersonaAnswer;
      if (answer.ok) answers[index] = answer;
    });
  }
  const profiles: PersonaProfile[] = [];
  const reasons: string[] = [];
  answers.forEach((answer, index) => {
    if (!answer.ok) {
      reasons.push(answer.reason);
      return;
    }
    const name = uniqueName(answer.persona.name, profiles.map((p) => p.persona.name));
    profiles.push({ persona: { ...answer.persona, name }, centroid: (clusters[index] as Cluster).centroid });
  });
  if (profiles.length === 0) {
    throw new UnreachableError(
      `the model produced no usable persona${reasons[0] ? ` (${reasons[0]})` : ''}`,
      { hint: 'check the chat model, or pass personas with --personas FILE' },
    );
  }
  return profiles;
}
