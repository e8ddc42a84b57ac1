import { RAGSET_VERSION } from '../version.js';
import type { Review, Sample } from '../testset/sample.js';
import { type CorpusDocument, type Coverage, coverage } from './coverage.js';
import { type Dimension, dimensions, labelsOf } from './dimensions.js';
import { compressionRatio, distinctN, meanPairwiseCosine, selfRepetition, type SelfRepetition, words } from './diversity.js';
import type { Resemblance } from '../profile/resemblance.js';
import type { RunRecord, StageCost } from './run-record.js';

/**
 * Everything the report page shows, computed here (not in the browser) so the numbers can be
 * tested; the page only lays them out. Context texts are stored once and referenced by index.
 */

export interface ReportInput {
  /** Shown as the page title: usually the testset file name. */
  title: string;
  samples: readonly Sample[];
  run?: RunRecord;
  corpus?: readonly CorpusDocument[];
  /** Question embeddings, in sample order, when a graph (and so its embedding model) is given. */
  questionVectors?: readonly Float32Array[];
  /** Calls made for the report itself (question embeddings). */
  reportCosts?: readonly StageCost[];
  /** Said at the top of the page, after the run's own notes. */
  notes?: readonly string[];
  /** How much the testset resembles a profile of real queries; null without a profile. */
  resemblance?: Resemblance | null;
}

export interface ReportContext {
  /** Index into `ReportData.contexts`. */
  text: number;
  source: string;
  documentId: string;
  chunkId: string;
  start: number;
  end: number;
  /** Supporting spans inside this context, as [start, end) offsets into its text. */
  spans: [number, number][];
}

export interface ReportSample {
  id: string;
  question: string;
  answer: string;
  labels: Record<string, string>;
  contexts: ReportContext[];
  review: Review | null;
}

export interface Diversity {
  distinct: { n: number; value: number }[];
  compressionRatio: number;
  selfRepetition: SelfRepetition;
  /** null without question embeddings. */
  meanPairwiseCosine: number | null;
}

export interface ReportData {
  title: string;
  ragsetVersion: string;
  sampleCount: number;
  /** Size asked of the run, when recorded. */
  requestedSize: number | null;
  dimensions: Dimension[];
  coverage: Coverage;
  diversity: Diversity;
  /** Words per question and per answer, in sample order. */
  lengths: { question: number[]; answer: number[] };
  /** null when no run record was found. */
  costs: StageCost[] | null;
  notes: string[];
  resemblance: Resemblance | null;
  contexts: string[];
  samples: ReportSample[];
}

export const DISTINCT_NS = [1, 2, 3] as const;

export function diversityOf(questions: readonly string[], vectors?: readonly Float32Array[]): Diversity {
  return {
    distinct: DISTINCT_NS.map((n) => ({ n, value: distinctN(questions, n) })),
    compressionRatio: compressionRatio(questions),
    selfRepetition: selfRepetition(questions),
    meanPairwiseCosine: vectors ? meanPairwiseCosine(vectors) : null,
  };
}

/** `reference_spans` ({chunk_id, start, end} in document offsets) when the sample records them. */
function spansOf(sample: Sample): { chunk_id: string; start: number; end: number }[] {
  const spans = (sample as { reference_spans?: unknown }).reference_spans;
  if (!Array.isArray(spans)) return [];
  return spans.filter(
    (span): span is { chunk_id: string; start: number; end: number } =>
      typeof span === 'object' && span !== null && typeof span.chunk_id === 'string' && Number.isInteger(span.start) && Number.isInteger(span.end),
  );
}

export function buildReportData(input: ReportInput): ReportData {
  const contextIndex = new Map<string, number>();
  const contexts: string[] = [];
  const samples = input.samples.map((sample): ReportSample => {
    const spans = spansOf(sample);
    return {
      id: sample.id,
      question: sample.user_input,
      answer: sample.reference,
      labels: Object.fromEntries(labelsOf(sample)),
      review: sample.review ?? null,
      contexts: sample.provenance.map((origin, i) => {
        const text = sample.reference_contexts[i] ?? '';
        const key = `${origin.chunk_id}\u0000${text}`;
        let index = contextIndex.get(key);
        if (index === undefined) {
          index = contexts.push(text) - 1;
          contextIndex.set(key, index);
        }
        const local = spans
          .filter((span) => span.chunk_id === origin.chunk_id && span.end > origin.start && span.start < origin.end)
          .map((span): [number, number] => [Math.max(span.start, origin.start) - origin.start, Math.min(span.end, origin.end) - origin.start]);
        return { text: index, source: origin.source, documentId: origin.document_id, chunkId: origin.chunk_id, start: origin.start, end: origin.end, spans: local };
      }),
    };
  });
  const runCosts = input.run?.costs ?? null;
  const costs = runCosts || input.reportCosts?.length ? [...(runCosts ?? []), ...(input.reportCosts ?? [])] : null;
  return {
    title: input.title,
    ragsetVersion: RAGSET_VERSION,
    sampleCount: input.samples.length,
    requestedSize: input.run?.size ?? null,
    dimensions: dimensions(input.samples, input.run ?? {}),
    coverage: coverage(input.samples, input.corpus),
    diversity: diversityOf(input.samples.map((sample) => sample.user_input), input.questionVectors),
    lengths: {
      question: input.samples.map((sample) => words(sample.user_input).length),
      answer: input.samples.map((sample) => words(sample.reference).length),
    },
    costs,
    notes: [...(input.run?.notes ?? []), ...(input.notes ?? [])],
    resemblance: input.resemblance ?? null,
    contexts,
    samples,
  };
}
