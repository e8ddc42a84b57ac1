import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressionRatio, distinctN, meanPairwiseCosine, selfRepetition, words } from '../../src/report/diversity.js';

/** The diversity measures on inputs small enough to count by hand. */

describe('words', () => {
  it('lower-cases and splits on anything but letters and digits, in any script', () => {
    expect(words('Who found the Rosetta-Stone in 1799?')).toEqual(['who', 'found', 'the', 'rosetta', 'stone', 'in', '1799']);
    expect(words('Qu’a lu Champollion ?')).toEqual(['qu', 'a', 'lu', 'champollion']);
    expect(words('  ...  ')).toEqual([]);
  });
});

describe('distinctN', () => {
  const texts = ['a b c', 'a b d'];
  it('counts distinct n-grams over all n-grams', () => {
    // unigrams a b c a b d: 4 distinct of 6
    expect(distinctN(texts, 1)).toBeCloseTo(4 / 6, 12);
    // bigrams "a b","b c","a b","b d": 3 distinct of 4
    expect(distinctN(texts, 2)).toBeCloseTo(3 / 4, 12);
    // trigrams "a b c","a b d": both distinct
    expect(distinctN(texts, 3)).toBe(1);
  });
  it('does not join n-grams across texts', () => {
    expect(distinctN(['a', 'b'], 2)).toBe(0);
  });
  it('is 1 for all-different text and 0 for none', () => {
    expect(distinctN(['one two three'], 1)).toBe(1);
    expect(distinctN([], 1)).toBe(0);
  });
  it('is low for a repeated question', () => {
    expect(distinctN(Array.from({ length: 10 }, () => 'what is the rosetta stone'), 1)).toBeCloseTo(5 / 50, 12);
  });
});

describe('compressionRatio', () => {
  it('is the UTF-8 size over the gzip size of the texts one a line', () => {
    const texts = ['What is the Rosetta Stone?', 'Who read it first?'];
    const raw = Buffer.from(texts.join('\n'));
    expect(compressionRatio(texts)).toBeCloseTo(raw.length / gzipSync(raw, { level: 9 }).length, 12);
  });
  it('grows when the same question repeats', () => {
    const varied = ['When was the decree issued?', 'Who found the stone near Rashid?', 'What did Champollion explain in 1822?', 'Which scripts are on the stele?'];
    const repeated = Array.from({ length: 4 }, () => 'When was the decree issued?');
    expect(compressionRatio(repeated)).toBeGreaterThan(compressionRatio(varied));
  });
  it('is 0 for nothing', () => {
    expect(compressionRatio([])).toBe(0);
  });
});

describe('selfRepetition', () => {
  it('is 0 when no two texts share a 4-gram', () => {
    expect(selfRepetition(['a b c d e', 'a b c x d e', 'e d c b a'])).toEqual({ n: 4, score: 0, share: 0 });
  });
  it('sums, per text, the other texts sharing each of its 4-grams, as log(1 + sum)', () => {
    // 4-grams: t0 {abcd, bcde}, t1 {abcd}, t2 {bcde, cdef}, t3 {wxyz}
    // others: t0 = (2-1)+(2-1) = 2, t1 = 1, t2 = 1 + 0 = 1, t3 = 0
    const result = selfRepetition(['a b c d e', 'a b c d', 'b c d e f', 'w x y z']);
    expect(result.score).toBeCloseTo((Math.log(3) + Math.log(2) + Math.log(2) + Math.log(1)) / 4, 12);
    expect(result.share).toBe(3 / 4);
  });
  it('counts an n-gram repeated inside one text once', () => {
    expect(selfRepetition(['a b c d a b c d']).score).toBe(0);
  });
  it('takes the n-gram length', () => {
    expect(selfRepetition(['a b x', 'a b y'], 2)).toEqual({ n: 2, score: Math.log(2), share: 1 });
  });
});

describe('meanPairwiseCosine', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  it('is the mean cosine over all pairs', () => {
    // pairs: (e1,e1') = 1, (e1,e2) = 0, (e1',e2) = 0 → 1/3
    expect(meanPairwiseCosine([v(1, 0), v(3, 0), v(0, 2)])).toBeCloseTo(1 / 3, 6);
    // 45°: cos = √½ for the one pair
    expect(meanPairwiseCosine([v(1, 0), v(1, 1)])).toBeCloseTo(Math.SQRT1_2, 6);
  });
  it('matches a brute-force mean on random vectors', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const vectors = Array.from({ length: 12 }, () => Float32Array.from({ length: 8 }, next));
    const cos = (a: Float32Array, b: Float32Array) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      a.forEach((x, i) => ((dot += x * (b[i] as number)), (na += x * x), (nb += (b[i] as number) ** 2)));
      return dot / Math.sqrt(na * nb);
    };
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < vectors.length; i += 1) for (let j = i + 1; j < vectors.length; j += 1) (sum += cos(vectors[i] as Float32Array, vectors[j] as Float32Array)), (pairs += 1);
    expect(meanPairwiseCosine(vectors)).toBeCloseTo(sum / pairs, 6);
  });
  it('is null for fewer than two usable vectors', () => {
    expect(meanPairwiseCosine([v(1, 0)])).toBeNull();
    expect(meanPairwiseCosine([v(1, 0), v(0, 0)])).toBeNull();
  });
});
