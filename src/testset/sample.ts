import { z } from 'zod';

/**
 * One testset record: the output contract. Every writer and reader goes through this
 * schema. Field names follow Ragas (`user_input`, `reference`, `reference_contexts`) so
 * records load in Ragas directly; everything else is ragset's provenance.
 */

/** Where one context came from: `document.text.slice(start, end)` is the context text. */
export const Provenance = z.object({
  chunk_id: z.string(),
  document_id: z.string(),
  source: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  metadata: z.record(z.string(), z.unknown()),
});
export type Provenance = z.infer<typeof Provenance>;

/** What joins the hops of a multi-hop sample. */
export const Bridge = z.discriminatedUnion('type', [
  z.object({ type: z.literal('entities'), entities: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('similarity'), score: z.number(), themes: z.array(z.string()) }),
]);
export type Bridge = z.infer<typeof Bridge>;

export const Generation = z.object({
  model: z.string(),
  prompt_hash: z.string(),
  seed: z.string(),
  ragset_version: z.string(),
});
export type Generation = z.infer<typeof Generation>;

/** Text that supports the reference answer: `document.text.slice(start, end)` of the named document. */
export const ReferenceSpan = z.object({
  chunk_id: z.string(),
  document_id: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type ReferenceSpan = z.infer<typeof ReferenceSpan>;

/** The verify stage's verdicts on a kept sample (synthesizers/verify/). */
export const Verification = z.object({
  /** Every statement of the reference answer has a quote located in a context. */
  grounded: z.boolean(),
  answerable: z.boolean(),
  standalone: z.boolean(),
  /** Every context supports a statement (or survives the leave-one-out check); null for one context. */
  hops_needed: z.boolean().nullable(),
  adherence: z.object({
    style: z.boolean(),
    length: z.boolean(),
    persona: z.boolean(),
    /** `dimension → followed`; null when the judge did not judge it (the offline judge never does). Absent without categories. */
    categories: z.record(z.string(), z.boolean().nullable()).optional(),
  }),
  /** `support`: hops judged from the quotes; `ablation`: also a leave-one-out answer per context. */
  hop_check: z.enum(['support', 'ablation']),
  /** The judge; `offline` means the lexical check of the offline provider (docs/verify.md). */
  model: z.string(),
  prompt_hash: z.string(),
});
export type Verification = z.infer<typeof Verification>;

/** A reviewer's decision (`ragset review`); `original` keeps the generated text once it is edited. */
export const REVIEW_STATUSES = ['accepted', 'rejected', 'edited'] as const;
export const Review = z.object({
  status: z.enum(REVIEW_STATUSES),
  original: z.object({ user_input: z.string(), reference: z.string() }).optional(),
  note: z.string().optional(),
  /** ISO 8601 time of the last decision. */
  at: z.string(),
});
export type Review = z.infer<typeof Review>;

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
/** How hard the reference chunks are to retrieve for the question (synthesizers/retrieval/difficulty.ts). */
export const Difficulty = z.enum(DIFFICULTIES);
export type Difficulty = z.infer<typeof Difficulty>;

/**
 * Where each reference chunk ranks for the question among every chunk of the graph (1 = first;
 * ties count against it), in `reference_context_ids` order, under BM25 over chunk texts and
 * under cosine with the graph's embeddings; and the share of the question's content words
 * found in its contexts.
 */
export const Retrieval = z.object({
  bm25_ranks: z.array(z.number().int().min(1)).min(1),
  dense_ranks: z.array(z.number().int().min(1)).min(1),
  lexical_overlap: z.number().min(0).max(1),
});
export type Retrieval = z.infer<typeof Retrieval>;

/**
 * A chunk that ranks near an unanswerable question without answering it: the passages a
 * retriever would return for it, with offsets like provenance, and where the chunk ranks for
 * the question under BM25 and dense cosine.
 */
export const DistractorContext = Provenance.omit({ metadata: true }).extend({
  text: z.string(),
  bm25_rank: z.number().int().min(1),
  dense_rank: z.number().int().min(1),
});
export type DistractorContext = z.infer<typeof DistractorContext>;

/**
 * What a false-premise question takes for granted, and the text of its context that says
 * otherwise: `document.text.slice(span.start, span.end)` is `span.text`.
 */
export const FalsePremise = z.object({
  premise: z.string().min(1),
  span: ReferenceSpan.extend({ text: z.string().min(1) }),
});
export type FalsePremise = z.infer<typeof FalsePremise>;

/** A fluent answer that is not fully supported by the contexts, and its unsupported statements (`--faithfulness-pairs`). */
export const FaithfulnessPair = z.object({
  unfaithful_answer: z.string().min(1),
  unsupported_statements: z.array(z.string().min(1)).min(1),
});
export type FaithfulnessPair = z.infer<typeof FaithfulnessPair>;

const SampleFields = z.object({
  id: z.string(),
  user_input: z.string().min(1),
  reference: z.string().min(1),
  /** Empty only for an unanswerable question (it has `distractor_contexts` instead). */
  reference_contexts: z.array(z.string()),
  reference_context_ids: z.array(z.string()),
  provenance: z.array(Provenance),
  synthesizer_name: z.string(),
  persona_name: z.string(),
  query_style: z.string(),
  /**
   * Who gave the question its style: `model`, or `rewrite` when the model ignored a
   * `misspelled`/`poor_grammar` style and ragset's deterministic rewrite applied it
   * (synthesizers/style-guarantee.ts). Testsets written before it was recorded read as `model`.
   */
  query_style_source: z.enum(['model', 'rewrite']).default('model'),
  query_length: z.string(),
  /** `dimension → category` for the run's categorizations; absent when the run declared none. */
  categories: z.record(z.string(), z.string()).optional(),
  /** Reference contexts needed: 0 for an unanswerable question. */
  hops: z.number().int().min(0),
  bridge: Bridge.nullable(),
  /** Null in testsets written before ranks were recorded. */
  retrieval: Retrieval.nullable().default(null),
  difficulty: Difficulty.nullable().default(null),
  generation: Generation,
  /** Where the reference answer's support is, in document offsets; null when not verified. */
  reference_spans: z.array(ReferenceSpan).nullable().default(null),
  /** null when the run skipped verification (`--no-verify`) or predates it. */
  verification: Verification.nullable().default(null),
  /** Absent until someone reviews the sample. */
  review: Review.optional(),
  /** Unanswerable questions: the nearest chunks under BM25 and dense retrieval, none of which answers it. */
  distractor_contexts: z.array(DistractorContext).optional(),
  /** False-premise questions: the premise the question assumes and the span of its context that contradicts it (the reference corrects it). */
  false_premise: FalsePremise.optional(),
  /** `--faithfulness-pairs`: a fluent answer that the contexts do not fully support. */
  unfaithful_answer: z.string().min(1).optional(),
  /** The statements of `unfaithful_answer` that the contexts do not support. */
  unsupported_statements: z.array(z.string().min(1)).min(1).optional(),
});

export const Sample = SampleFields.superRefine((sample, context) => {
  const contexts = sample.reference_contexts.length;
  if (sample.reference_context_ids.length !== contexts || sample.provenance.length !== contexts) {
    context.addIssue({ code: 'custom', path: ['provenance'], message: 'reference_contexts, reference_context_ids and provenance must have the same length' });
  }
  if (sample.hops !== contexts) context.addIssue({ code: 'custom', path: ['hops'], message: `hops is the number of reference contexts (${contexts})` });
  if (contexts === 0 && sample.distractor_contexts === undefined) {
    context.addIssue({ code: 'custom', path: ['reference_contexts'], message: 'a sample without reference contexts must be an unanswerable question with distractor_contexts' });
  }
  const premise = sample.false_premise;
  if (premise && !sample.reference_context_ids.includes(premise.span.chunk_id)) {
    context.addIssue({ code: 'custom', path: ['false_premise', 'span'], message: 'the contradicting span must lie in a reference context' });
  }
  if (premise && premise.span.end - premise.span.start !== premise.span.text.length) {
    context.addIssue({ code: 'custom', path: ['false_premise', 'span'], message: 'the span text must be document.text.slice(start, end)' });
  }
  if ((sample.unfaithful_answer === undefined) !== (sample.unsupported_statements === undefined)) {
    context.addIssue({ code: 'custom', path: ['unsupported_statements'], message: 'unfaithful_answer and unsupported_statements come together' });
  }
});
export type Sample = z.infer<typeof Sample>;
