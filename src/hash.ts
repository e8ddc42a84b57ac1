import { createHash } from 'node:crypto';

/** Content ids: the same content always gets the same id, on every machine and store. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, prefixed content id such as `doc_3f2a…` (16 hex chars = 64 bits). */
export function contentId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${sha256(parts.join('\u0000')).slice(0, 16)}`;
}

/** Hash of any JSON-serialisable value with keys sorted, for cache keys. */
export function stableHash(value: unknown): string {
  return sha256(stableStringify(value));
}

export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries);
    }
    return v;
  });
}

/**
 * FNV-1a's offset basis as a signed 32-bit integer. `Math.imul` works modulo 2³² either way,
 * but a hash that starts as 0x811c9dc5 (above 2³¹, a heap double in V8) and goes on as an int32
 * keeps the optimising compiler off its fast integer path: the hygiene loops that hash every
 * character of a corpus ran at half speed with the unsigned constant.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units: a fast, platform-stable 32-bit hash for feature hashing. */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}
