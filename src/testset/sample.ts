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

export const Sample = z.object({
  id: z.string(),
  user_input: z.string().min(1),
  reference: z.string().min(1),
  reference_contexts: z.array(z.string()).min(1),
  reference_context_ids: z.array(z.string()).min(1),
  provenance: z.array(Provenance).min(1),
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
  hops: z.number().int().min(1),
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
});
export type Sample = z.infer<typeof Sample>;
