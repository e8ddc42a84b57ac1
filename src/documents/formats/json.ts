import { collectRecords, decodeJsonText } from './json-records.js';
import type { FormatParser } from './types.js';

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** A JSON file holds one record (an object) or many (an array); array records are `path#N`, 1-based. */
export const jsonParser: FormatParser = {
  format: 'json',
  extensions: ['.json'],
  async parse({ source, bytes, options }) {
    const decoded = decodeJsonText(bytes);
    if (!decoded.ok) return decoded;
    let value: unknown;
    try {
      value = JSON.parse(decoded.text);
    } catch (error) {
      return { ok: false, reason: `invalid JSON: ${firstLine(error instanceof Error ? error.message : String(error))}` };
    }
    if (Array.isArray(value)) {
      return collectRecords(value.map((item, i) => ({ source: `${source}#${i + 1}`, value: item })), options);
    }
    return collectRecords([{ source, value }], options);
  },
};

/** One record per line; a bad line is skipped as `path#LINE` and the other lines still load. */
export const jsonlParser: FormatParser = {
  format: 'jsonl',
  extensions: ['.jsonl', '.ndjson'],
  async parse({ source, bytes, options }) {
    const decoded = decodeJsonText(bytes);
    if (!decoded.ok) return decoded;
    const entries: { source: string; value: unknown }[] = [];
    const invalid: { source: string; reason: string }[] = [];
    decoded.text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const lineSource = `${source}#${i + 1}`;
      try {
        entries.push({ source: lineSource, value: JSON.parse(line) });
      } catch (error) {
        const message = firstLine(error instanceof Error ? error.message : String(error));
        invalid.push({ source: lineSource, reason: `line ${i + 1} is not valid JSON: ${message}` });
      }
    });
    const result = collectRecords(entries, options);
    if (!result.ok) return result;
    const skipped = [...invalid, ...result.skipped].sort((a, b) => lineOf(a.source) - lineOf(b.source));
    return { ok: true, records: result.records, skipped };
  },
};

function lineOf(source: string): number {
  return Number(source.slice(source.lastIndexOf('#') + 1));
}
