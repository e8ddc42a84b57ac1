import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { DistractorContext, FalsePremise, ReferenceSpan, Verification, type Sample } from '../sample.js';
import { CsvOptions, writeFileAtomic } from '../write.js';
import { type FileExportResult, recordFormatOf, serializeRecords } from './records.js';

/**
 * Records that Ragas loads. The schemas mirror Ragas' pydantic models
 * (`ragas.dataset_schema.SingleTurnSample`, `ragas.testset.synthesizers.testset_schema.TestsetSample`):
 *
 * - `flat` (default): `Testset.to_list()` rows — the eval-sample fields plus `synthesizer_name`.
 *   `Testset.from_list`/`from_jsonl` and `EvaluationDataset.from_list`/`from_jsonl` accept them;
 *   pydantic ignores the extra `persona_name`, `query_style`, `query_length`, `reference_spans`,
 *   `verification` (the verify stage's verdicts; null without it), `difficulty`, `bm25_ranks`,
 *   `dense_ranks` and `lexical_overlap`, kept so evaluations can be analysed and sliced; and, only
 *   on the samples that have them, `distractor_contexts` (unanswerable questions), `false_premise`
 *   (false-premise questions: the premise and the span that contradicts it),
 *   `unfaithful_answer` and `unsupported_statements` (faithfulness pairs).
 * - `testset-sample`: `{eval_sample: {...}, synthesizer_name}`, what `TestsetSample.model_validate` takes.
 */

export const RagasSingleTurnSample = z.object({
  user_input: z.string().optional(),
  retrieved_contexts: z.array(z.string()).optional(),
  reference_contexts: z.array(z.string()).optional(),
  response: z.string().optional(),
  multi_responses: z.array(z.string()).optional(),
  reference: z.string().optional(),
  rubric: z.record(z.string(), z.string()).optional(),
});

export const RagasTestsetRow = RagasSingleTurnSample.extend({
  synthesizer_name: z.string(),
  persona_name: z.string().optional(),
  query_style: z.string().optional(),
  query_length: z.string().optional(),
  reference_spans: z.array(ReferenceSpan).nullable().optional(),
  verification: Verification.nullable().optional(),
  /** Set when the sample was reviewed (`ragset review`). */
  review_status: z.string().optional(),
  difficulty: z.string().nullable().optional(),
  bm25_ranks: z.array(z.number().int()).nullable().optional(),
  dense_ranks: z.array(z.number().int()).nullable().optional(),
  lexical_overlap: z.number().nullable().optional(),
  distractor_contexts: z.array(DistractorContext).optional(),
  false_premise: FalsePremise.optional(),
  unfaithful_answer: z.string().optional(),
  unsupported_statements: z.array(z.string()).optional(),
});
export type RagasTestsetRow = z.infer<typeof RagasTestsetRow>;

export const RagasTestsetSample = z.object({
  eval_sample: RagasSingleTurnSample,
  synthesizer_name: z.string(),
});
export type RagasTestsetSample = z.infer<typeof RagasTestsetSample>;

export const RAGAS_SHAPES = ['flat', 'testset-sample'] as const;
export const RagasExportOptions = CsvOptions.extend({ shape: z.enum(RAGAS_SHAPES).default('flat') });
export type RagasExportOptions = z.input<typeof RagasExportOptions>;

/** Column order of `Testset.to_list()`: eval-sample fields in model order, then the name. */
export const RAGAS_COLUMNS = [
  'user_input',
  'reference_contexts',
  'reference',
  'synthesizer_name',
  'persona_name',
  'query_style',
  'query_length',
  'reference_spans',
  'verification',
  'review_status',
  'difficulty',
  'bm25_ranks',
  'dense_ranks',
  'lexical_overlap',
  'distractor_contexts',
  'false_premise',
  'unfaithful_answer',
  'unsupported_statements',
] as const;

export function toRagasRow(sample: Sample): RagasTestsetRow {
  return RagasTestsetRow.parse({
    user_input: sample.user_input,
    reference_contexts: sample.reference_contexts,
    reference: sample.reference,
    synthesizer_name: sample.synthesizer_name,
    persona_name: sample.persona_name,
    query_style: sample.query_style,
    query_length: sample.query_length,
    reference_spans: sample.reference_spans,
    verification: sample.verification,
    review_status: sample.review?.status,
    difficulty: sample.difficulty,
    bm25_ranks: sample.retrieval?.bm25_ranks ?? null,
    dense_ranks: sample.retrieval?.dense_ranks ?? null,
    lexical_overlap: sample.retrieval?.lexical_overlap ?? null,
    distractor_contexts: sample.distractor_contexts,
    false_premise: sample.false_premise,
    unfaithful_answer: sample.unfaithful_answer,
    unsupported_statements: sample.unsupported_statements,
  });
}

export function toRagasTestsetSample(sample: Sample): RagasTestsetSample {
  return RagasTestsetSample.parse({
    eval_sample: { user_input: sample.user_input, reference_contexts: sample.reference_contexts, reference: sample.reference },
    synthesizer_name: sample.synthesizer_name,
  });
}

/** Writes `.jsonl` (either shape) or `.csv` (flat; `reference_contexts` as a JSON list). */
export async function exportRagas(samples: readonly Sample[], path: string, options: RagasExportOptions = {}): Promise<FileExportResult> {
  const { shape, escapeFormulas } = RagasExportOptions.parse(options);
  const format = recordFormatOf(path, ['jsonl', 'csv']);
  if (format === 'csv' && shape !== 'flat') {
    throw new UsageError('the testset-sample shape nests objects and cannot be CSV', 'write it to a .jsonl file');
  }
  const records = shape === 'flat' ? samples.map(toRagasRow) : samples.map(toRagasTestsetSample);
  await writeFileAtomic(path, serializeRecords(records, format, RAGAS_COLUMNS, { escapeFormulas }));
  return { path, records: records.length };
}
