import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { stableHash } from '../../hash.js';
import type { Sample } from '../sample.js';
import { uuidV5 } from './uuid-v5.js';

/**
 * What a LangSmith export would send, computed without any network: the dataset and one
 * example per sample. `--dry-run` prints this; `exportToLangSmith` applies it.
 *
 * Idempotency: an example's id is UUIDv5(dataset name + sample id), so re-exporting the
 * same testset to the same dataset addresses the same examples. Its metadata carries a
 * hash of everything sent; on re-export, missing examples are created, examples whose hash
 * changed are updated, and the rest are skipped. Examples not in the testset are left alone.
 */

export const DEFAULT_LANGSMITH_ENDPOINT = 'https://api.smith.langchain.com';

/** uuid5(NAMESPACE_URL, 'ragset:langsmith-example'), fixed forever: changing it re-keys every export. */
export const LANGSMITH_EXAMPLE_NAMESPACE = 'bbf9f790-a51a-54a2-b4e3-a91f7a629dd9';

export const LANGSMITH_SPLIT_KEYS = ['kind', 'difficulty'] as const;

export const LangSmithExportOptions = z.object({
  dataset: z.string().trim().min(1, 'the dataset name must not be empty'),
  description: z.string().optional(),
  split: z.string().trim().min(1, 'the split name must not be empty').optional(),
  /** Also put each example in the splits named by its kind (synthesizer) and/or difficulty, to slice evaluations. */
  splitBy: z.array(z.enum(LANGSMITH_SPLIT_KEYS)).default([]),
  batchSize: z.number().int().min(1).max(1000).default(100),
  /** Falls back to LANGSMITH_API_KEY. */
  apiKey: z.string().optional(),
  /** Falls back to LANGSMITH_ENDPOINT, then LangSmith's cloud endpoint. */
  endpoint: z.url().optional(),
  /** Falls back to LANGSMITH_WORKSPACE_ID; needed for org-scoped keys. */
  workspaceId: z.string().optional(),
  timeoutMs: z.number().int().positive().default(90_000),
});
export type LangSmithExportOptions = z.input<typeof LangSmithExportOptions>;
export type ResolvedLangSmithExportOptions = z.output<typeof LangSmithExportOptions>;

export const CONTENT_HASH_KEY = 'ragset_content_hash';

export interface LangSmithExamplePlan {
  id: string;
  inputs: { question: string };
  outputs: { answer: string; contexts: string[] };
  metadata: Record<string, unknown>;
  split?: string | string[];
}

export interface LangSmithPlan {
  dataset: { name: string; description: string; data_type: 'kv' };
  examples: LangSmithExamplePlan[];
}

export function exampleIdFor(datasetName: string, sampleId: string): string {
  return uuidV5(`${datasetName}\u0000${sampleId}`, LANGSMITH_EXAMPLE_NAMESPACE);
}

/** The user's split, then one split per `splitBy` key (samples without a difficulty get none for it). */
function splitsOf(sample: Sample, split: string | undefined, splitBy: readonly (typeof LANGSMITH_SPLIT_KEYS)[number][]): string | string[] | undefined {
  const named = splitBy.flatMap((key) => (key === 'kind' ? [sample.synthesizer_name] : sample.difficulty ? [sample.difficulty] : []));
  if (named.length === 0) return split;
  return [...(split ? [split] : []), ...named];
}

function toExample(sample: Sample, datasetName: string, split: string | string[] | undefined): LangSmithExamplePlan {
  const inputs = { question: sample.user_input };
  const outputs = { answer: sample.reference, contexts: sample.reference_contexts };
  const metadata: Record<string, unknown> = {
    sample_id: sample.id,
    synthesizer_name: sample.synthesizer_name,
    persona_name: sample.persona_name,
    query_style: sample.query_style,
    query_length: sample.query_length,
    hops: sample.hops,
    bridge: sample.bridge,
    difficulty: sample.difficulty,
    retrieval: sample.retrieval,
    provenance: sample.provenance,
    generation: sample.generation,
    reference_spans: sample.reference_spans,
    verification: sample.verification,
    // Only when reviewed, so exports of unreviewed testsets keep their content hashes.
    ...(sample.review ? { review: sample.review } : {}),
    // Likewise only on the samples that have them.
    ...(sample.distractor_contexts ? { distractor_contexts: sample.distractor_contexts } : {}),
    ...(sample.false_premise ? { false_premise: sample.false_premise } : {}),
    ...(sample.unfaithful_answer ? { unfaithful_answer: sample.unfaithful_answer, unsupported_statements: sample.unsupported_statements } : {}),
  };
  metadata[CONTENT_HASH_KEY] = stableHash({ inputs, outputs, metadata, split: split ?? null });
  return { id: exampleIdFor(datasetName, sample.id), inputs, outputs, metadata, ...(split ? { split } : {}) };
}

/** Pure: the dataset and examples an export sends. Duplicate sample ids are a usage error. */
export function planLangSmithExport(samples: readonly Sample[], options: LangSmithExportOptions): LangSmithPlan {
  const { dataset, description, split, splitBy } = LangSmithExportOptions.parse(options);
  const seen = new Set<string>();
  for (const sample of samples) {
    if (seen.has(sample.id)) {
      throw new UsageError(`the testset has two samples with id ${sample.id}`, 'sample ids must be unique to export');
    }
    seen.add(sample.id);
  }
  return {
    dataset: {
      name: dataset,
      description: description ?? `RAG evaluation testset generated by ragset (${samples.length} sample${samples.length === 1 ? '' : 's'})`,
      data_type: 'kv',
    },
    examples: samples.map((sample) => toExample(sample, dataset, splitsOf(sample, split, splitBy))),
  };
}
