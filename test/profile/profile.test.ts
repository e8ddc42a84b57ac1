import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfile } from '../../src/api/profile.js';
import { quotesAQuery } from '../../src/profile/build.js';
import { formulation, lengthBucket } from '../../src/profile/measure.js';
import { readQueries } from '../../src/profile/queries.js';
import { resemblance } from '../../src/profile/resemblance.js';
import { wilson } from '../../src/profile/shares.js';

const QUERIES = 'test/fixtures/queries/space-queries.txt';
const dir = mkdtempSync(join(tmpdir(), 'ragset-profile-'));

describe('query profile (offline)', () => {
  it('has the shares the hand-made query file was written with', async () => {
    const profile = await createProfile({ queries: QUERIES, corpus: ['test/fixtures/corpus'] });
    expect(profile.queries).toBe(24);
    const counts = (shares: Record<string, { count: number }>) => Object.fromEntries(Object.entries(shares).map(([label, s]) => [label, s.count]));
    // 6 keyword queries, 18 questions (a question mark, or a question word or request verb first).
    expect(counts(profile.formulation)).toEqual({ keyword: 6, question: 18 });
    expect(profile.formulation.keyword).toEqual(wilson(6, 24));
    // ≤ 10 word tokens short, 11–20 medium, > 20 long.
    expect(counts(profile.length.buckets)).toEqual({ short: 18, medium: 4, long: 2 });
    expect(Object.values(profile.length.histogram).reduce((a, b) => a + b, 0)).toBe(24);
    // "Whta … Apolo" and "meny" are the typos; real words missing from the small corpus are in the English word list.
    expect(profile.misspelling?.queries.count).toBe(2);
    expect(profile.misspelling?.words.count).toBe(3);
    expect(profile.misspelling?.sources).toEqual(['corpus', 'english word list']);
    // Keyword queries have too few common words to tell their language.
    expect(counts(profile.language)).toEqual({ en: 18, und: 6 });
    expect(profile.categories).toBeNull();
    expect(profile.personas).toBeNull();
    expect(JSON.stringify(profile)).not.toMatch(/CANARY7f3a|canary7f3a/);
  });

  it('gives 95 % Wilson intervals that hold the share and stay in [0, 1]', () => {
    expect(wilson(6, 24)).toEqual({ count: 6, share: 0.25, low: 0.12, high: 0.449 });
    expect(wilson(0, 10)).toEqual({ count: 0, share: 0, low: 0, high: 0.2775 });
    expect(wilson(10, 10).high).toBe(1);
  });

  it('reads CSV and JSONL columns, and names the file when the column is missing', async () => {
    writeFileSync(join(dir, 'log.csv'), 'id,user_query\n1,"how do I restore a backup?"\n2,backup restore\n3,\n');
    writeFileSync(join(dir, 'log.jsonl'), '{"question": "what is WAL?"}\n\n{"question": "wal size"}\n');
    expect(await readQueries(join(dir, 'log.csv'), { column: 'user_query' })).toEqual(['how do I restore a backup?', 'backup restore']);
    expect(await readQueries(join(dir, 'log.jsonl'))).toEqual(['what is WAL?', 'wal size']);
    await expect(readQueries(join(dir, 'log.csv'))).rejects.toThrow(/log\.csv has no column named query, question, user_input, text \(it has id, user_query\)/);
    await expect(readQueries(join(dir, 'missing.txt'))).rejects.toThrow(/query file .*missing\.txt does not exist/);
  });

  it('classifies formulation and length buckets', () => {
    expect(formulation('pg_dump compression level')).toBe('keyword');
    expect(formulation('how to set up replication')).toBe('question');
    expect(formulation('replication lag?')).toBe('question');
    expect([10, 11, 20, 21].map(lengthBucket)).toEqual(['short', 'medium', 'medium', 'long']);
  });

  it('spots text that quotes a query (four words in a row, or a whole shorter query)', () => {
    const queries = ['how do I restore a backup of the cluster', 'wal size'];
    expect(quotesAQuery('Someone asking how do I restore things', queries)).toBe(true);
    expect(quotesAQuery('An admin who checks WAL size daily', queries)).toBe(true);
    expect(quotesAQuery('An administrator who restores backups', queries)).toBe(false);
  });

  it('measures resemblance: KS and Wasserstein between length distributions, shares side by side', async () => {
    const profile = await createProfile({ queries: QUERIES });
    const same = resemblance(profile, { questions: await readQueries(QUERIES) });
    expect(same.length.ks).toBe(0);
    expect(same.length.wasserstein).toBe(0);
    expect(same.formulation.keyword).toEqual({ profile: 0.25, testset: 0.25 });
    // Every question two words longer: the CDFs are shifted by 2, so Wasserstein-1 is 2 words.
    const longer = resemblance(profile, { questions: (await readQueries(QUERIES)).map((q) => `${q} please now`) });
    expect(longer.length.wasserstein).toBe(2);
    expect(longer.length.ks).toBeGreaterThan(0);
    expect(longer.embedding).toBeNull();
  });
});
