import { decodeUtf8, normaliseText } from '../text-input.js';
import type { FormatParser } from './types.js';

/** Plain text (and light markup read as text). The title is the file name. */
export const textParser: FormatParser = {
  format: 'text',
  extensions: ['.txt', '.text', '.rst', '.adoc', '.org'],
  async parse({ source, bytes }) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, records: [{ source, metadata: {}, text: normaliseText(decoded.text) }], skipped: [] };
  },
};
