import { z } from 'zod';

/**
 * A chunk of one document. Invariant: `document.text.slice(start, end) === text`.
 * `id` is a content hash of the text, so identical texts are one chunk.
 */
export const Chunk = z.object({
  id: z.string(),
  documentId: z.string(),
  ordinal: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
  tokens: z.number().int().min(0),
  /** Heading path above the chunk, outermost first (empty for documents without headings). */
  headings: z.array(z.string()),
});
export type Chunk = z.infer<typeof Chunk>;
