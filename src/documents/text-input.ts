/**
 * Byte → text decoding and normalisation shared by every format. Chunk offsets point into
 * the normalised text, so every parser's output goes through `normaliseText` exactly once.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

/** Strict UTF-8: NUL bytes mean binary, malformed sequences mean another encoding. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'not valid UTF-8 (convert it to UTF-8 first)' };
  }
}

/** Strips a BOM, turns CRLF and lone CR into LF and composes Unicode (NFC). Idempotent. */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** `docs/guide.md` → `guide`. */
export function titleFromPath(source: string): string {
  const base = source.split('/').pop() ?? source;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
