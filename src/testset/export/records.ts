import { extname } from 'node:path';
import { UsageError } from '../../errors.js';
import { type CsvOptions, encodeCell, toCsv } from '../write.js';

/** Shared by the file exporters: flat records → JSONL or CSV text, format from the extension. */

export type RecordFormat = 'jsonl' | 'csv';

/** What a file exporter wrote. */
export interface FileExportResult {
  path: string;
  records: number;
}

export function recordFormatOf(path: string, allowed: readonly RecordFormat[]): RecordFormat {
  const extension = extname(path).toLowerCase();
  const format: RecordFormat | undefined = extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : extension === '.csv' ? 'csv' : undefined;
  if (!format || !allowed.includes(format)) {
    const names = allowed.map((f) => `.${f}`).join(' or ');
    throw new UsageError(`cannot write ${path}: unsupported extension`, `name the output file ${names}`);
  }
  return format;
}

/** JSONL: one record a line. CSV: the given columns, text as is (formulas escaped), lists and objects as JSON, null empty. */
export function serializeRecords(records: readonly Record<string, unknown>[], format: RecordFormat, columns: readonly string[], csv: CsvOptions = {}): string {
  if (format === 'jsonl') return records.map((record) => `${JSON.stringify(record)}\n`).join('');
  return toCsv(
    columns,
    records.map((record) => columns.map((column) => (record[column] === undefined || record[column] === null ? '' : encodeCell(record[column])))),
    csv,
  );
}
