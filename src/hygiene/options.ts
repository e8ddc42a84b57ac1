import { z } from 'zod';

/**
 * Corpus hygiene between loading and chunking: template boilerplate, stubs and index pages,
 * near-duplicate documents and chunks. Each rule has an opt-out for users who want the raw text.
 */
export const HygieneOptions = z.object({
  /** Keep lines that repeat across many documents (navigation bars, footers) in the chunks. */
  keepBoilerplate: z.boolean().default(false).describe('keep lines repeated across many documents (navigation bars, footers) in the chunks'),
  /** Keep redirect stubs, canonical-only pages, table-of-contents and index pages, and too-short documents. */
  keepStubs: z.boolean().default(false).describe('keep redirect stubs, canonical-only pages, tables of contents, indexes and too-short documents'),
  /** Keep near-duplicate documents (one manual as HTML and PDF) and near-duplicate chunks. */
  keepDuplicates: z.boolean().default(false).describe('keep near-duplicate documents (one manual as HTML and PDF) and near-duplicate chunks'),
  /**
   * A line is template boilerplate when it recurs in at least this share of the documents (PDF
   * pages count as documents here) and in at least `boilerplateMinDocuments` of them.
   */
  boilerplateMinShare: z.number().gt(0).max(1).default(0.2).describe('share of the documents a line must recur in to be boilerplate'),
  boilerplateMinDocuments: z.number().int().min(2).default(4).describe('documents a line must recur in to be boilerplate'),
  /** Documents whose text, once boilerplate is removed, has fewer tokens are skipped as too short. */
  minDocumentTokens: z.number().int().min(0).default(16).describe('skip documents with fewer tokens once boilerplate is removed'),
  /**
   * A document this much of whose word 4-grams already occur in documents kept before it is a
   * copy of them (a copied page). Reference manuals repeat whole option lists from page to
   * page (PostgreSQL's dropdb and clusterdb share 70 % of their text), so the bar is high.
   */
  duplicateContainment: z.number().gt(0).max(1).default(0.9).describe('share of a document\'s word 4-grams found in earlier documents that makes it a copy'),
  /**
   * The bar for a copy in another format (the manual as HTML and PDF, reST sources beside
   * their HTML): markup and extraction change the words, so less of the text matches.
   */
  crossFormatContainment: z.number().gt(0).max(1).default(0.7).describe('the same share for a copy in another format'),
  /** Two chunks whose word sets overlap this much (Jaccard) are one chunk, kept once. */
  chunkDuplicateJaccard: z.number().gt(0).max(1).default(0.8).describe('word-set overlap (Jaccard) that makes two chunks one'),
});
export type HygieneOptions = z.output<typeof HygieneOptions>;
export type HygieneOptionsInput = z.input<typeof HygieneOptions>;
