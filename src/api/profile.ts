import type { LlmClient } from '../llm/types.js';
import { profileQueries, type ProfileQueriesOptions } from '../profile/build.js';
import type { CategoryMenu } from '../profile/classify.js';
import { detectLanguage } from '../llm/offline/language.js';
import { ALL_STOPWORDS } from '../llm/offline/stopwords.js';
import { englishWords, readCorpus } from '../profile/file.js';
import type { Profile } from '../profile/profile.js';
import { readQueries } from '../profile/queries.js';

/**
 * `createProfile`: a file of real user queries in, their profile (aggregates only) out. LLM
 * calls only with `llm`: ⌈queries / batchSize⌉ `profile_classify` calls when categories are
 * given, one `profile_personas` call when `personaCount` > 0, and the `embed_queries`
 * batches for the mean query vector (unless `embed: false`).
 */

export interface CreateProfileOptions extends Omit<ProfileQueriesOptions, 'vocabulary' | 'llm' | 'categories'> {
  /** Text (one query per line), CSV/TSV or JSONL. */
  queries: string;
  /** CSV column or JSONL field holding the query (default: query, question, user_input or text). */
  column?: string;
  /**
   * Documents or folders whose words are the vocabulary misspellings are checked against,
   * with the English word list when the queries are English (without either, not measured).
   */
  corpus?: readonly string[];
  categories?: CategoryMenu;
  llm?: LlmClient;
}

export async function createProfile(options: CreateProfileOptions): Promise<Profile> {
  const { queries: path, column, corpus, ...rest } = options;
  const queries = await readQueries(path, { column });
  const documents = corpus && corpus.length > 0 ? await readCorpus(corpus) : null;
  const english = detectLanguage(queries.join('\n')) === 'en';
  const sources = [...(documents ? ['corpus'] : []), ...(english ? ['english word list'] : [])];
  const vocabulary = sources.length === 0 ? null : { words: new Set([...(documents?.vocabulary ?? ALL_STOPWORDS), ...(english ? await englishWords() : [])]), sources };
  // A corpus-fitted embedder (the offline one) weighs query words as it will weigh the testset's questions.
  if (documents && rest.llm) rest.llm.fitEmbeddings(documents.texts);
  return profileQueries(queries, { ...rest, vocabulary });
}
