import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../errors.js';
import type { Env, LlmOptionsInput } from '../../llm/options.js';
import { outputOptions, withExamples } from '../help.js';
import { llmInput, parseStage } from '../run-spec.js';
import { addStageOptions, optionOf } from '../schema-options.js';
import { llmFlags } from '../stage-flags.js';
import type { LlmClient } from '../../llm/types.js';
import type { ReportData } from '../../report/data.js';
import type { Sample } from '../../testset/sample.js';
import { besideOutput } from '../../testset/shards.js';
import { parseFlags } from '../parse-flags.js';

/**
 * `ragset report <testset> [--graph FILE] [-o FILE]`: the HTML quality report. With the graph,
 * coverage is measured against the whole corpus and the questions are embedded with the
 * graph's own provider and embedding model (flags override) to measure how alike they are.
 */

const ReportFlags = z.object({
  graph: z.string().trim().min(1).optional().describe('the graph the testset came from: coverage of the whole corpus, and question similarity'),
  out: z.string().trim().min(1).optional().describe('report file (default: <testset>.report.html)'),
  embeddings: z.boolean().default(true).describe('with --graph, embed the questions to measure how alike they are (LLM calls)'),
  profile: z.string().trim().min(1).optional().describe('a profile of real queries (`ragset profile`): show how much the testset resembles them'),
});

export interface ReportCommandResult {
  out: string;
  bytes: number;
  samples: number;
  /** Records that could not be read and are not in the report. */
  skipped: number;
  data: Omit<ReportData, 'samples' | 'contexts' | 'lengths'>;
}

/** The testset's samples, or a usage error when it has none; bad records are counted, not fatal. */
export async function readSamplesForReport(testset: string): Promise<{ samples: Sample[]; skipped: number; firstError?: string }> {
  const { readTestset } = await import('../../testset/read.js');
  const { samples, errors } = await readTestset(testset);
  if (samples.length === 0 && errors.length > 0) throw new UsageError(`${testset}:${errors[0]?.line}: ${errors[0]?.reason}`, 'fix the bad records first');
  return { samples, skipped: errors.length, firstError: errors[0] && `line ${errors[0].line}: ${errors[0].reason}` };
}

/** The graph's own provider and embedding model, unless flags or the environment say otherwise. */
async function embeddingClient(graphMeta: unknown, given: LlmOptionsInput, env: Env): Promise<LlmClient> {
  const [{ BuildMeta }, { llmClientFromOptions }] = await Promise.all([import('../../../graph/builder/meta.js'), import('../../llm/options.js')]);
  const meta = BuildMeta.safeParse(graphMeta);
  const fromGraph = meta.success && given.provider === undefined && !env.RAGSET_PROVIDER?.trim() ? { provider: meta.data.provider, embeddingModel: meta.data.embeddingModel } : {};
  return llmClientFromOptions({ ...fromGraph, ...given }, env);
}

async function runReport(testset: string, flags: z.output<typeof ReportFlags>, given: LlmOptionsInput, env: Env = process.env): Promise<ReportCommandResult> {
  const out = flags.out ?? besideOutput(testset, '.report.html');
  const [{ basename }, { createReport }, { readRunRecord, runRecordPath }, { writeFileAtomic }] = await Promise.all([
    import('node:path'),
    import('../../api/report.js'),
    import('../../report/run-record.js'),
    import('../../testset/write.js'),
  ]);
  const { samples, skipped } = await readSamplesForReport(testset);
  const run = await readRunRecord(runRecordPath(testset));
  const profile = flags.profile ? await (await import('../../profile/file.js')).readProfileFile(flags.profile) : undefined;
  let store;
  let llm: LlmClient | undefined;
  if (flags.graph) {
    const { loadGraph } = await import('../../../graph/stores/graph-file.js');
    store = await loadGraph(flags.graph);
    if (flags.embeddings) llm = await embeddingClient(await store.getMeta('build'), given, env);
  }
  try {
    const { html, data } = await createReport({ title: basename(testset), samples, run, store, llm, profile });
    await writeFileAtomic(out, html);
    const { samples: _samples, contexts: _contexts, lengths: _lengths, ...summary } = data;
    return { out, bytes: Buffer.byteLength(html), samples: samples.length, skipped, data: summary };
  } finally {
    await store?.close();
  }
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('write an HTML quality report of a testset: mix, coverage, diversity, lengths, cost, and every sample')
    .argument('<testset>', 'testset file (.jsonl, .json or .csv)')
    .addOption(optionOf('graph', ReportFlags.shape.graph, { placeholder: '<file>' }, 'Input'))
    .addOption(optionOf('out', ReportFlags.shape.out, { short: '-o', placeholder: '<file>' }, 'Output'))
    .addOption(optionOf('profile', ReportFlags.shape.profile, { placeholder: '<file>' }, 'Input'))
    .addOption(optionOf('embeddings', ReportFlags.shape.embeddings, {}, 'LLM'));
  addStageOptions(command, [llmFlags()]);
  outputOptions(command, 'the report summary');
  withExamples(command, ['ragset report testset.jsonl', 'ragset report testset.jsonl --graph testset.graph.ragset -o report.html', 'ragset report testset.csv --graph graph.ragset --no-embeddings']);
  command.action(async (testset: string, rawFlags: Record<string, unknown>) => {
    parseStage(command, 'llm');
    const result = await runReport(testset, parseFlags(ReportFlags, rawFlags, 'ragset report'), llmInput(command));
    if (rawFlags.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const skipped = result.skipped > 0 ? `; ${result.skipped} unreadable record(s) left out` : '';
    process.stdout.write(`wrote the report of ${result.samples} samples to ${result.out} (${(result.bytes / 1024).toFixed(0)} KiB)${skipped}\n`);
    if (result.data.resemblance) process.stdout.write(`${(await import('../resemblance-table.js')).renderResemblance(result.data.resemblance)}\n`);
  });
}
