import type { ChunkNode, DocumentNode } from '../graph/model.js';
import type { GraphStore } from '../graph/store.js';
import { contentId } from '../src/hash.js';
import { SynthesizeInput, type QuestionType } from '../src/llm/tasks.js';
import { Sample } from '../src/testset/sample.js';
import { RAGSET_VERSION } from '../src/version.js';
import { categoryRecord } from './categories.js';
import type { Phrasing } from './phrasing.js';
import type { QueryStyleSource } from './style-guarantee.js';
import type { Scenario } from './types.js';

/**
 * From scenario to LLM task input, and from the model's answer to a `Sample` with full
 * provenance: every context is a chunk's text, which equals
 * `document.text.slice(start, end)` of the document it came from.
 */

export interface ContextNode {
  chunk: ChunkNode;
  document: DocumentNode;
}

/** Loads chunks with their documents; documents are read once per run. */
export function createContextLoader(store: GraphStore): (chunkIds: readonly string[]) => Promise<ContextNode[]> {
  const documents = new Map<string, Promise<DocumentNode | undefined>>();
  const documentOf = (id: string) => {
    let pending = documents.get(id);
    if (!pending) {
      pending = store.getNode(id).then((node) => (node?.kind === 'document' ? node : undefined));
      documents.set(id, pending);
    }
    return pending;
  };
  return async (chunkIds) => {
    const chunks = (await store.getNodes(chunkIds)).filter((node): node is ChunkNode => node.kind === 'chunk');
    const contexts = await Promise.all(
      chunks.map(async (chunk) => ({ chunk, document: await documentOf(chunk.documentId) })),
    );
    if (contexts.length !== chunkIds.length || contexts.some((c) => !c.document)) {
      throw new Error(`the graph lost a chunk or its document among ${chunkIds.join(', ')}`);
    }
    return contexts as ContextNode[];
  };
}

export function synthesizeInput(
  scenario: Scenario,
  contexts: readonly ContextNode[],
  language: string | null,
  ask: { questionType?: QuestionType; faithfulnessPairs?: boolean; phrasing?: Phrasing } = {},
): SynthesizeInput {
  return SynthesizeInput.parse({
    // Set only when they differ from an answerable question without pairs, so older cache keys stay valid.
    ...(ask.questionType && ask.questionType !== 'answerable' ? { questionType: ask.questionType } : {}),
    ...(ask.faithfulnessPairs ? { faithfulnessPairs: true } : {}),
    synthesizer: scenario.synthesizer,
    contexts: contexts.map(({ chunk, document }) => ({ id: chunk.id, title: document.title, text: chunk.text })),
    persona: scenario.persona,
    style: scenario.style,
    length: scenario.length,
    focus: scenario.focus,
    bridge: scenario.bridgeTerms,
    language,
    ...(ask.phrasing ?? { paraphrase: scenario.difficulty === 'hard' }),
    categories: scenario.categories,
  });
}

export interface GenerationFacts {
  model: string;
  promptHash: string;
  seed: string;
}

/**
 * `extra`: an unanswerable question's `distractor_contexts`, and the
 * faithfulness pair, validated with the rest.
 */
export function toSample(
  scenario: Scenario,
  output: { question: string; answer: string },
  contexts: readonly ContextNode[],
  generation: GenerationFacts,
  styleSource: QueryStyleSource = 'model',
  extra: Partial<Sample> = {},
): Sample {
  const question = output.question.trim();
  const categories = scenario.categories.length > 0 ? categoryRecord(scenario.categories) : undefined;
  return Sample.parse({
    id: contentId(
      'smp',
      generation.seed,
      scenario.synthesizer,
      scenario.chunkIds.join(','),
      scenario.persona.name,
      scenario.style,
      scenario.length,
      ...(categories ? [JSON.stringify(categories)] : []),
      question,
    ),
    user_input: question,
    reference: output.answer.trim(),
    reference_contexts: contexts.map(({ chunk }) => chunk.text),
    reference_context_ids: contexts.map(({ chunk }) => chunk.id),
    provenance: contexts.map(({ chunk, document }) => ({
      chunk_id: chunk.id,
      document_id: document.id,
      source: document.source,
      start: chunk.start,
      end: chunk.end,
      metadata: { ...document.metadata, title: document.title, format: document.format, headings: chunk.headings },
    })),
    synthesizer_name: scenario.synthesizer,
    persona_name: scenario.persona.name,
    query_style: scenario.style,
    query_style_source: styleSource,
    query_length: scenario.length,
    ...(categories ? { categories } : {}),
    hops: contexts.length,
    bridge: scenario.bridge,
    generation: { model: generation.model, prompt_hash: generation.promptHash, seed: generation.seed, ragset_version: RAGSET_VERSION },
    ...extra,
  });
}
