import { z } from 'zod';
import type { Sample } from '../sample.js';
import { type CsvOptions, writeFileAtomic } from '../write.js';
import { type FileExportResult, recordFormatOf, serializeRecords } from './records.js';

/**
 * A spreadsheet-friendly CSV: one row per sample, no nested objects. Provenance and bridge
 * are spread over columns; lists are JSON in one cell. (The testset's own `.csv`, from
 * `writeTestset`, keeps the nested objects as JSON so it reads back exactly.)
 */

const JsonList = z.array(z.unknown());

export const FlatCsvRow = z.object({
  id: z.string(),
  user_input: z.string(),
  reference: z.string(),
  reference_contexts: z.array(z.string()),
  synthesizer_name: z.string(),
  persona_name: z.string(),
  query_style: z.string(),
  query_length: z.string(),
  hops: z.number().int(),
  bridge_type: z.string(),
  bridge_entities: z.array(z.string()),
  bridge_themes: z.array(z.string()),
  bridge_score: z.number().nullable(),
  sources: z.array(z.string()),
  document_ids: z.array(z.string()),
  chunk_ids: z.array(z.string()),
  /** `[[start, end], …]`: character offsets of each context in its document. */
  offsets: JsonList,
  /** `[[document_id, start, end], …]`: the text that supports the answer; empty when not verified. */
  reference_spans: JsonList,
  /** The verify stage's judge; empty when the sample was not verified. */
  verified_by: z.string(),
  difficulty: z.string().nullable(),
  bm25_ranks: z.array(z.number().int()).nullable(),
  dense_ranks: z.array(z.number().int()).nullable(),
  lexical_overlap: z.number().nullable(),
  model: z.string(),
  seed: z.string(),
  prompt_hash: z.string(),
  ragset_version: z.string(),
  /** `accepted`, `rejected`, `edited`, or empty when not reviewed. */
  review_status: z.string(),
  review_note: z.string(),
});
export type FlatCsvRow = z.infer<typeof FlatCsvRow>;

export const FLAT_CSV_COLUMNS = Object.keys(FlatCsvRow.shape);

export function toFlatRow(sample: Sample): FlatCsvRow {
  const { bridge, provenance, generation } = sample;
  return FlatCsvRow.parse({
    id: sample.id,
    user_input: sample.user_input,
    reference: sample.reference,
    reference_contexts: sample.reference_contexts,
    synthesizer_name: sample.synthesizer_name,
    persona_name: sample.persona_name,
    query_style: sample.query_style,
    query_length: sample.query_length,
    hops: sample.hops,
    bridge_type: bridge?.type ?? '',
    bridge_entities: bridge?.type === 'entities' ? bridge.entities : [],
    bridge_themes: bridge?.type === 'similarity' ? bridge.themes : [],
    bridge_score: bridge?.type === 'similarity' ? bridge.score : null,
    sources: provenance.map((p) => p.source),
    document_ids: provenance.map((p) => p.document_id),
    chunk_ids: provenance.map((p) => p.chunk_id),
    offsets: provenance.map((p) => [p.start, p.end]),
    reference_spans: (sample.reference_spans ?? []).map((span) => [span.document_id, span.start, span.end]),
    verified_by: sample.verification?.model ?? '',
    difficulty: sample.difficulty,
    bm25_ranks: sample.retrieval?.bm25_ranks ?? null,
    dense_ranks: sample.retrieval?.dense_ranks ?? null,
    lexical_overlap: sample.retrieval?.lexical_overlap ?? null,
    model: generation.model,
    seed: generation.seed,
    prompt_hash: generation.prompt_hash,
    ragset_version: generation.ragset_version,
    review_status: sample.review?.status ?? '',
    review_note: sample.review?.note ?? '',
  });
}

export async function exportFlatCsv(samples: readonly Sample[], path: string, csv: CsvOptions = {}): Promise<FileExportResult> {
  recordFormatOf(path, ['csv']);
  const rows = samples.map(toFlatRow);
  await writeFileAtomic(path, serializeRecords(rows, 'csv', FLAT_CSV_COLUMNS, csv));
  return { path, records: rows.length };
}
