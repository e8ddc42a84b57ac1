import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Settings of the in-process llama.cpp provider (`--provider local`), with defaults measured
 * on a shared 2-core CPU box (docs/local.md):
 * - `threads: 1`: a 0.5B Q4 model wrote 11–15 tokens/s with one thread and 0.5–1.6 with two
 *   while other processes competed for the cores (SmolLM2-135M: 4 s against 140 s for the
 *   same answer); llama.cpp's threads spin-wait on each other, so a busy core stalls them all.
 * - `sequences: 1`: one generation at a time; a machine with idle cores or a GPU gains by
 *   raising it (each sequence is a parallel slot sharing the model weights, batched together).
 * - `contextSize: 4096` tokens per sequence: the largest prompt (a multi-hop synthesis over
 *   a few chunks of 512 tokens) plus its answer fits, and the KV cache stays small.
 * - `maxOutputTokens: 1024`: about twice the longest valid answer (an extraction), so a
 *   small model that loops inside a JSON string stops within a minute instead of running on.
 * - `dryStrength: 0.8` (llama.cpp's DRY sampler, its recommended strength): a run of more than
 *   four tokens the model already wrote in its last 256 is penalised more the longer it gets,
 *   so a small model does not repeat one list item or phrase to the cap, while names and
 *   phrases copied from the passage (the prompt) are not penalised. 0 turns it off.
 */
export const DEFAULT_MODEL_DIR = join(homedir(), '.cache', 'ragset', 'models');

export const LocalOptions = z.object({
  threads: z.number().int().min(0).max(512).default(1),
  sequences: z.number().int().min(1).max(64).default(1),
  contextSize: z.number().int().min(512).max(1_048_576).default(4096),
  maxOutputTokens: z.number().int().min(16).max(65_536).default(1024),
  /** Sampling temperature for requests that set none (structured output comes through a grammar either way). */
  temperature: z.number().min(0).max(2).default(0.7),
  dryStrength: z.number().min(0).max(1).default(0.8),
  /** Where `hf:` models are downloaded to and looked up in. */
  modelDir: z.string().min(1).default(DEFAULT_MODEL_DIR),
});
export type LocalOptions = z.output<typeof LocalOptions>;
export type LocalOptionsInput = z.input<typeof LocalOptions>;
