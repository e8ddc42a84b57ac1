import { z } from 'zod';
import { DEFAULT_TOKEN_ENCODING, TokenEncoding } from './tokens.js';

export const ChunkOptions = z
  .object({
    /** Upper bound on every chunk's token count. */
    maxTokens: z.number().int().min(16).max(100_000).default(512).describe('largest chunk, in tokens'),
    /** Tokens repeated from the end of a chunk at the start of the next, within one section. */
    overlapTokens: z.number().int().min(0).default(64).describe('tokens repeated between consecutive chunks of one section'),
    encoding: TokenEncoding.default(DEFAULT_TOKEN_ENCODING).describe('tokenizer'),
  })
  .refine((options) => options.overlapTokens <= options.maxTokens / 2, {
    message: 'must be at most half of maxTokens (more than half would repeat most of every chunk)',
    path: ['overlapTokens'],
  });
export type ChunkOptions = z.output<typeof ChunkOptions>;
export type ChunkOptionsInput = z.input<typeof ChunkOptions>;
