import { createHash } from 'node:crypto';

/**
 * Seeded randomness. One `createRng(seed)` per run; stages take `rng.fork('stage')` so
 * adding a draw in one stage never shifts another stage's stream. `Math.random` is not used
 * anywhere else in ragset.
 */
export interface Rng {
  readonly seed: string;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** One element, or undefined for an empty array. */
  pick<T>(items: readonly T[]): T | undefined;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this seed and a label. */
  fork(label: string): Rng;
}

function seedWords(seed: string): [number, number, number, number] {
  const digest = createHash('sha256').update(seed).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
}

/** sfc32: small, fast, and passes PractRand well beyond what sampling needs. */
export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  let [a, b, c, d] = seedWords(seedText);
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed: seedText,
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => (items.length === 0 ? undefined : items[Math.floor(next() * items.length)]),
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}
