import type { GraphStore } from '../../graph/store.js';
import type { LlmClient } from '../llm/types.js';
import type { CorpusDocument } from '../report/coverage.js';
import { buildReportData, type ReportData } from '../report/data.js';
import { renderReportHtml } from '../report/html.js';
import { costsSince, type RunRecord, type StageCost } from '../report/run-record.js';
import type { Profile } from '../profile/profile.js';
import { resemblance } from '../profile/resemblance.js';
import type { Sample } from '../testset/sample.js';

/**
 * `createReport`: a testset (and, when given, its graph) in, the HTML quality report out.
 * LLM calls: with `llm` and `store`, one `embed` request per batch of questions (cached), so
 * the report can measure how alike the questions are (and, with a profile, how close their
 * mean vector is to the real queries'); none otherwise.
 */

export interface ReportOptions {
  title: string;
  samples: readonly Sample[];
  /** The run record `generate` wrote beside the testset: requested counts and costs. */
  run?: RunRecord;
  /** The graph the testset came from: coverage against the whole corpus. */
  store?: GraphStore;
  /** Embeds the questions with the graph's embedding model; needs `store` (a fitted embedder learns its chunks). */
  llm?: LlmClient;
  /** A profile of real queries (`ragset profile`): the report shows how much the testset resembles them. */
  profile?: Profile;
}

export interface CorpusFacts {
  documents: CorpusDocument[];
  /** Every chunk text in id order: what a corpus-fitted embedder learns. */
  chunkTexts: string[];
}

export async function corpusOf(store: GraphStore): Promise<CorpusFacts> {
  const documents: CorpusDocument[] = [];
  for await (const batch of store.scanNodes({ kind: 'document' })) {
    for (const node of batch) if (node.kind === 'document') documents.push({ id: node.id, source: node.source, chunks: 0 });
  }
  const byId = new Map(documents.map((document) => [document.id, document]));
  const chunkTexts: string[] = [];
  for await (const batch of store.scanNodes({ kind: 'chunk' })) {
    for (const node of batch) {
      if (node.kind !== 'chunk') continue;
      chunkTexts.push(node.text);
      const document = byId.get(node.documentId);
      if (document) document.chunks += 1;
    }
  }
  return { documents, chunkTexts };
}

export async function createReport(options: ReportOptions): Promise<{ html: string; data: ReportData }> {
  const corpus = options.store ? await corpusOf(options.store) : undefined;
  let questionVectors: Float32Array[] | undefined;
  let reportCosts: StageCost[] | undefined;
  const notes: string[] = [];
  if (options.llm && corpus) {
    const before = options.llm.usage();
    options.llm.fitEmbeddings(corpus.chunkTexts);
    try {
      questionVectors = await options.llm.embed({ stage: 'embed_questions', texts: options.samples.map((sample) => sample.user_input) });
    } catch (error) {
      // The report (and the testset written beside it) must not fail over an optional measure.
      notes.push(`Question embeddings failed (${error instanceof Error ? error.message : String(error)}): no mean pairwise cosine.`);
    }
    reportCosts = costsSince('report', before, options.llm.usage());
  }
  const resemblanceData = options.profile
    ? resemblance(options.profile, {
        questions: options.samples.map((sample) => sample.user_input),
        categories: options.samples.map((sample) => sample.categories),
        vectors: questionVectors,
        embeddingModel: options.llm?.embeddingModelId,
      })
    : null;
  const data = buildReportData({
    resemblance: resemblanceData,
    title: options.title,
    samples: options.samples,
    run: options.run,
    corpus: corpus?.documents,
    questionVectors,
    reportCosts,
    notes,
  });
  return { html: renderReportHtml(data), data };
}
