import { describe, expect, it } from 'vitest';
import { HashIds } from '../../src/hygiene/hash-ids.js';

describe('HashIds', () => {
  it('gives 0, 1, 2, … in first-seen order and keeps every id as the table grows', () => {
    // Hashes that share their low bits, signed and unsigned alike (the table takes int32s).
    const hashes = Array.from({ length: 5000 }, (_, k) => (k * 1024 + (k % 2 === 0 ? 0 : 0x80000000)) | 0);
    const table = new HashIds();
    hashes.forEach((hash, k) => {
      expect(table.idOf(hash)).toBe(k);
      expect(table.idOf(hashes[k >> 1] as number)).toBe(k >> 1);
    });
    expect(table.size).toBe(5000);
    expect(hashes.map((hash) => table.idOf(hash))).toEqual(hashes.map((_, k) => k));
    expect(table.size).toBe(5000);
  });

  it('gives the same ids when sized up front for many hashes', () => {
    const hashes = Array.from({ length: 5000 }, (_, k) => Math.imul(k, 0x9e3779b1));
    const sized = new HashIds(1_000_000);
    expect(hashes.map((hash) => sized.idOf(hash))).toEqual(hashes.map((_, k) => k));
    expect(hashes.map((hash) => sized.idOf(hash))).toEqual(hashes.map((_, k) => k));
    expect(sized.size).toBe(5000);
  });
});
