import { z } from 'zod';
import { DEFAULT_TOKEN_ENCODING, TokenEncoding } from './tokens.js';

export const ChunkOptions = z
  .object({
    /** Upper bound on every chunk's token count. */
    maxTokens: z.number().int().min(16).max(100_000).default(512),
    /** Tokens repeated from the end of a chunk at the start of the next, within one section. */
    overlapTokens: z.number().int().min(0).default(64),
    encoding: TokenEncoding.default(DEFAULT_TOKEN_ENCODING),
  })
  .refine((options) => options.overlapTokens <= options.maxTokens / 2, {
    message: 'overlapTokens must be at most half of maxTokens',
    path: ['overlapTokens'],
  });
export type ChunkOptions = z.output<typeof ChunkOptions>;
export type ChunkOptionsInput = z.input<typeof ChunkOptions>;
