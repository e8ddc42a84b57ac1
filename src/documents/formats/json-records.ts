import type { SkippedInput } from '../document.js';
import { DEFAULT_TEXT_FIELDS, type LoadOptions } from '../options.js';
import { decodeUtf8, normaliseText } from '../text-input.js';
import type { ParsedRecord, ParseResult } from './types.js';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b.c` reads nested objects; a literal key containing dots wins over the path. */
function getField(record: JsonRecord, path: string): unknown {
  if (path in record) return record[path];
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** One JSON value → one document, or the reason it cannot be one. */
export function recordToDocument(
  value: unknown,
  source: string,
  options: LoadOptions,
): { ok: true; record: ParsedRecord } | { ok: false; reason: string } {
  if (!isRecord(value)) return { ok: false, reason: 'record is not a JSON object' };
  const textFields = options.textField ? [options.textField] : DEFAULT_TEXT_FIELDS;
  const textField = textFields.find((field) => typeof getField(value, field) === 'string');
  if (!textField) return { ok: false, reason: `record has no string field ${textFields.map((f) => `'${f}'`).join(' or ')}` };
  const text = normaliseText(getField(value, textField) as string);
  if (!text.trim()) return { ok: false, reason: `field '${textField}' is empty` };

  const metadata: JsonRecord = {};
  const recordId = scalarText(getField(value, options.idField));
  if (recordId !== undefined) metadata.recordId = recordId;
  // By default every other top-level field, except the ones already used as text, id and title.
  const used = new Set([textField, options.idField, options.titleField]);
  const fields = options.metadataFields ?? Object.keys(value).filter((key) => !used.has(key));
  for (const field of fields) {
    const fieldValue = getField(value, field);
    if (fieldValue !== undefined) metadata[field] = fieldValue;
  }
  const title = scalarText(getField(value, options.titleField));
  return { ok: true, record: { source, ...(title ? { title } : {}), metadata, text } };
}

/** Records → documents plus one skip per record that is not a document. */
export function collectRecords(entries: readonly { source: string; value: unknown }[], options: LoadOptions): ParseResult {
  const records: ParsedRecord[] = [];
  const skipped: SkippedInput[] = [];
  for (const { source, value } of entries) {
    const result = recordToDocument(value, source, options);
    if (result.ok) records.push(result.record);
    else skipped.push({ source, reason: result.reason });
  }
  return { ok: true, records, skipped };
}

export function decodeJsonText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { ok: true, text: normaliseText(decoded.text) } : decoded;
}
