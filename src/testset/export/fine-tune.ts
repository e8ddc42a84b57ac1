import { z } from 'zod';
import type { Sample } from '../sample.js';
import { writeFileAtomic } from '../write.js';
import { type FileExportResult, recordFormatOf, serializeRecords } from './records.js';

/**
 * Fine-tuning records: the question (with its reference contexts unless turned off) as the
 * prompt, the reference answer as the target. One JSONL line per sample.
 *
 * - `openai`: `{"messages": [system?, user, assistant]}` (OpenAI chat fine-tuning)
 * - `alpaca`: `{"instruction", "input", "output", "system"?}` (Stanford Alpaca; `system` as LLaMA-Factory reads it)
 * - `sharegpt`: `{"conversations": [{"from": "system"|"human"|"gpt", "value"}]}` (FastChat / axolotl)
 */

export const FINE_TUNE_FORMATS = ['openai', 'alpaca', 'sharegpt'] as const;
export type FineTuneFormat = (typeof FINE_TUNE_FORMATS)[number];

export const DEFAULT_SYSTEM_PROMPT_WITH_CONTEXTS =
  'Answer the question using only the numbered context passages. If they do not contain the answer, say so.';
export const DEFAULT_SYSTEM_PROMPT = 'Answer the question accurately and concisely.';

export const FineTuneOptions = z.object({
  format: z.enum(FINE_TUNE_FORMATS),
  /** Put the reference contexts in the prompt (a RAG answerer); off trains closed-book answers. */
  contexts: z.boolean().default(true),
  /** Undefined picks the default for `contexts`; an empty string leaves the system prompt out. */
  systemPrompt: z.string().optional(),
});
export type FineTuneOptions = z.input<typeof FineTuneOptions>;

const Text = z.string().min(1);

export const OpenAIChatRecord = z.object({
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: Text })).min(2),
});
export const AlpacaRecord = z.object({ instruction: Text, input: z.string(), output: Text, system: Text.optional() });
export const ShareGptRecord = z.object({
  conversations: z.array(z.object({ from: z.enum(['system', 'human', 'gpt']), value: Text })).min(2),
});
export type FineTuneRecord = z.infer<typeof OpenAIChatRecord> | z.infer<typeof AlpacaRecord> | z.infer<typeof ShareGptRecord>;

/** `[1] first passage\n\n[2] second passage`: numbered so an answer can cite them. */
export function formatContexts(contexts: readonly string[]): string {
  return contexts.map((context, i) => `[${i + 1}] ${context}`).join('\n\n');
}

export function userPrompt(sample: Sample, contexts: boolean): string {
  return contexts ? `Context:\n${formatContexts(sample.reference_contexts)}\n\nQuestion: ${sample.user_input}` : sample.user_input;
}

export function toFineTuneRecords(samples: readonly Sample[], options: FineTuneOptions): FineTuneRecord[] {
  const { format, contexts, systemPrompt } = FineTuneOptions.parse(options);
  const system = systemPrompt ?? (contexts ? DEFAULT_SYSTEM_PROMPT_WITH_CONTEXTS : DEFAULT_SYSTEM_PROMPT);
  return samples.map((sample) => {
    switch (format) {
      case 'openai':
        return OpenAIChatRecord.parse({
          messages: [
            ...(system ? [{ role: 'system', content: system }] : []),
            { role: 'user', content: userPrompt(sample, contexts) },
            { role: 'assistant', content: sample.reference },
          ],
        });
      case 'alpaca':
        return AlpacaRecord.parse({
          instruction: sample.user_input,
          input: contexts ? formatContexts(sample.reference_contexts) : '',
          output: sample.reference,
          ...(system ? { system } : {}),
        });
      case 'sharegpt':
        return ShareGptRecord.parse({
          conversations: [
            ...(system ? [{ from: 'system', value: system }] : []),
            { from: 'human', value: userPrompt(sample, contexts) },
            { from: 'gpt', value: sample.reference },
          ],
        });
    }
  });
}

export async function exportFineTune(samples: readonly Sample[], path: string, options: FineTuneOptions): Promise<FileExportResult> {
  recordFormatOf(path, ['jsonl']);
  const records = toFineTuneRecords(samples, options);
  await writeFileAtomic(path, serializeRecords(records, 'jsonl', []));
  return { path, records: records.length };
}
