import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { readDataFile } from '../data-file.js';
import { loadDocuments } from '../documents/load.js';
import { ALL_STOPWORDS } from '../llm/offline/stopwords.js';
import { words } from '../llm/offline/tokenize.js';
import { writeFileAtomic } from '../testset/write.js';
import { Profile } from './profile.js';

/** A profile on disk: YAML (or JSON, by the extension), and the corpus word list misspellings are checked against. */

export const readProfileFile = (path: string): Promise<Profile> => readDataFile(path, Profile, 'profile', 'write it with `ragset profile <queries> -o profile.yaml`');

export async function writeProfileFile(path: string, profile: Profile): Promise<void> {
  const checked = Profile.parse(profile);
  const text = /\.json$/i.test(path) ? `${JSON.stringify(checked, null, 2)}\n` : stringify(checked, { lineWidth: 0 });
  await writeFileAtomic(path, text);
}

/** The documents under `paths`: their texts, and every word of them plus the common words of every language the offline provider knows. */
export async function readCorpus(paths: readonly string[]): Promise<{ texts: string[]; vocabulary: Set<string> }> {
  const { documents } = await loadDocuments(paths);
  const vocabulary = new Set<string>(ALL_STOPWORDS);
  for (const document of documents) for (const word of words(document.text)) vocabulary.add(word);
  return { texts: documents.map((document) => document.text), vocabulary };
}

/** About 274,000 English words (the `word-list` package): the language's word list for English queries. */
export async function englishWords(): Promise<string[]> {
  const { default: path } = await import('word-list');
  return (await readFile(path, 'utf8')).split('\n').filter((word) => word !== '');
}
