import { sha256 } from '../../src/hash.js';
import type { ChatMessage, LlmClient, ObjectResult } from '../../src/llm/types.js';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../../src/llm/fence.js';
import { EXTRACT_TASK, Extraction, type ExtractInput } from '../../src/llm/tasks.js';

/**
 * One structured call per chunk: summary, headlines, keyphrases, entities and themes come
 * back together, so the text is read once (Ragas runs a separate extractor per property).
 * The prompt is plain and explicit about the JSON shape so small local models that only
 * support `json_object` mode still answer in the right form.
 */

/** List caps applied after parsing; the schema itself has no `max`, so a long list never costs a repair. */
export const EXTRACTION_LIMITS = { headlines: 5, keyphrases: 10, entities: 15, themes: 5 } as const;

const SYSTEM_PROMPT = `You read one passage of a document and describe it for a search index.
Answer with one JSON object and nothing else, with exactly these keys:
- "summary": two or three plain sentences stating what the passage says (facts, not "this passage discusses").
- "headlines": up to 5 short section headlines the passage covers.
- "keyphrases": up to 10 key phrases copied from the passage.
- "entities": up to 15 named entities mentioned in the passage, each {"name": as written in the passage, "type": one of PERSON, ORGANIZATION, LOCATION, PRODUCT, TECHNOLOGY, EVENT, WORK, LAW, CONCEPT, OTHER}.
- "themes": up to 5 short themes of 1 to 3 words.
Use only information from the passage. Write in the language of the passage.
${UNTRUSTED_PASSAGES_RULE}`;

const USER_TEMPLATE = `Document title: {{title}}
Section: {{headings}}
Boundary code: {{code}}

{{passage}}`;

/** Identifies the prompt wording in graph meta, so a changed prompt is visible in a graph's build facts. */
export const EXTRACT_PROMPT_HASH = sha256(`${SYSTEM_PROMPT}\n\n${USER_TEMPLATE}`).slice(0, 16);

export function extractMessages(input: ExtractInput): ChatMessage[] {
  const code = boundaryCode([input.title, ...input.headings, input.text]);
  const values: Record<string, string> = {
    title: quoted(input.title),
    headings: input.headings.length > 0 ? input.headings.map(quoted).join(' > ') : '(none)',
    code,
    passage: fencePassage(code, 'passage', input.text),
  };
  // One pass over the template, so text containing `{{title}}` is never substituted again.
  const user = USER_TEMPLATE.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/** What a chunk needs for extraction; a `Chunk` and a `ChunkNode` both fit. */
export interface ExtractableChunk {
  text: string;
  headings: readonly string[];
}

/** Extracts one chunk: exactly one `llm.object` call, then the lists are cleaned and capped. */
export async function extractChunk(
  llm: LlmClient,
  chunk: ExtractableChunk,
  document: { title: string },
): Promise<ObjectResult<Extraction>> {
  const input: ExtractInput = { title: document.title, headings: [...chunk.headings], text: chunk.text };
  const result = await llm.object({
    stage: 'extract',
    name: 'extraction',
    schema: Extraction,
    messages: extractMessages(input),
    task: { name: EXTRACT_TASK, input },
    temperature: 0,
  });
  if (!result.ok) return result;
  return { ...result, value: normaliseExtraction(result.value, chunk.headings) };
}

/**
 * Trims, drops empties, removes case-insensitive duplicates and caps every list.
 * Headlines fall back to the chunk's heading path (innermost first) when the model gives none;
 * a document without headings then simply has no headlines.
 */
export function normaliseExtraction(extraction: Extraction, headings: readonly string[]): Extraction {
  const headlines = cleanList(extraction.headlines, EXTRACTION_LIMITS.headlines);
  return {
    summary: collapseSpace(extraction.summary),
    headlines: headlines.length > 0 ? headlines : cleanList([...headings].reverse(), EXTRACTION_LIMITS.headlines),
    keyphrases: cleanList(extraction.keyphrases, EXTRACTION_LIMITS.keyphrases),
    entities: uniqueBy(
      extraction.entities
        .map((entity) => ({ name: collapseSpace(entity.name), type: normaliseEntityType(entity.type) }))
        .filter((entity) => entity.name.length > 0),
      (entity) => `${entity.name.toLowerCase()}\u0000${entity.type}`,
    ).slice(0, EXTRACTION_LIMITS.entities),
    themes: cleanList(extraction.themes, EXTRACTION_LIMITS.themes),
  };
}

function cleanList(items: readonly string[], limit: number): string[] {
  return uniqueBy(
    items.map(collapseSpace).filter((item) => item.length > 0),
    (item) => item.toLowerCase(),
  ).slice(0, limit);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Models write `Person`, `organisation`, `location ` …; one spelling keeps entity types comparable. */
function normaliseEntityType(type: string): string {
  const upper = collapseSpace(type).toUpperCase().replace(/\s+/g, '_');
  if (upper === 'ORGANISATION' || upper === 'ORG') return 'ORGANIZATION';
  if (upper === 'PER') return 'PERSON';
  if (upper === 'LOC' || upper === 'PLACE' || upper === 'GPE') return 'LOCATION';
  return upper.length > 0 ? upper : 'OTHER';
}
