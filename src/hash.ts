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

/** FNV-1a over UTF-16 code units: a fast, platform-stable 32-bit hash for feature hashing. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
