import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { NoInputError } from '../errors.js';
import { Sample } from './sample.js';
import { inferTestsetFormat, SAMPLE_COLUMNS, type TestsetFormat, unescapeFormula } from './write.js';

/**
 * Reads a testset written by `writeTestset` (or by hand). Every record goes through the
 * Sample schema; a bad record is reported with the line it starts on and the rest still load.
 */

export interface RecordError {
  /** 1-based line of the file where the bad record starts. */
  line: number;
  reason: string;
}

export interface ReadTestsetResult {
  samples: Sample[];
  errors: RecordError[];
}

/** One line naming each failing field, e.g. `reference: Invalid input: expected string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function collect(records: readonly { line: number; value: unknown }[], errors: RecordError[]): ReadTestsetResult {
  const samples: Sample[] = [];
  for (const { line, value } of records) {
    const result = Sample.safeParse(value);
    if (result.success) samples.push(result.data);
    else errors.push({ line, reason: describeIssues(result.error) });
  }
  return { samples, errors: errors.sort((a, b) => a.line - b.line) };
}

function readJsonl(text: string): ReadTestsetResult {
  const records: { line: number; value: unknown }[] = [];
  const errors: RecordError[] = [];
  text.split('\n').forEach((raw, index) => {
    const content = raw.trim();
    if (content === '') return;
    try {
      records.push({ line: index + 1, value: JSON.parse(content) });
    } catch (error) {
      errors.push({ line: index + 1, reason: `not valid JSON: ${errorMessage(error)}` });
    }
  });
  return collect(records, errors);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Start offsets of the top-level array's elements, found by a scan that skips strings. */
function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectingElement && char !== undefined && !/[\s,\]]/.test(char)) {
      offsets.push(i);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectingElement = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectingElement = true;
  }
  return offsets;
}

function readJson(text: string): ReadTestsetResult {
  if (text.trim() === '') return { samples: [], errors: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const position = /position (\d+)/.exec(message);
    return { samples: [], errors: [{ line: position ? lineAt(text, Number(position[1])) : 1, reason: `not valid JSON: ${message}` }] };
  }
  if (!Array.isArray(parsed)) {
    return { samples: [], errors: [{ line: 1, reason: 'expected a JSON array of samples' }] };
  }
  const offsets = arrayElementOffsets(text);
  const records = parsed.map((value: unknown, index) => ({ value, line: lineAt(text, offsets[index] ?? 0) }));
  return collect(records, []);
}

/** Text columns, optional ones (`unfaithful_answer`) included. */
const isText = (schema: z.ZodType): boolean => schema instanceof z.ZodString || (schema instanceof z.ZodOptional && isText(schema.unwrap() as z.ZodType));
const TEXT_COLUMNS = new Set<string>(SAMPLE_COLUMNS.filter((column) => isText(Sample.shape[column])));
const OPTIONAL_COLUMNS = new Set<string>(SAMPLE_COLUMNS.filter((column) => Sample.shape[column] instanceof z.ZodOptional));

/** Undoes `encodeCell` and `escapeFormula`: text columns are taken as they are, the others are JSON. */
function decodeRow(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const escaped = cells[index];
    // An empty cell of a non-text or optional column is an optional field left out (e.g. `review`).
    if (escaped === undefined || (escaped === '' && (!TEXT_COLUMNS.has(column) || OPTIONAL_COLUMNS.has(column)))) return;
    const cell = unescapeFormula(escaped);
    if (TEXT_COLUMNS.has(column) || !SAMPLE_COLUMNS.includes(column as keyof Sample)) record[column] = cell;
    else {
      try {
        record[column] = JSON.parse(cell);
      } catch {
        record[column] = cell; // the schema then names the column that is not JSON
      }
    }
  });
  return record;
}

function readCsv(text: string): ReadTestsetResult {
  const bytes = Buffer.from(text, 'utf8');
  const records: { line: number; value: unknown }[] = [];
  const errors: RecordError[] = [];
  let header: string[] | undefined;
  // csv-parse counts a `\r` inside a quoted cell as a line break, so lines are counted here
  // from the byte offset where each record ends.
  let scanned = 0;
  let line = 1;
  const startLineAfter = (endByte: number): number => {
    const start = line;
    for (; scanned < endByte && scanned < bytes.length; scanned += 1) if (bytes[scanned] === 10) line += 1;
    while (scanned < bytes.length && (bytes[scanned] === 10 || bytes[scanned] === 13)) {
      if (bytes[scanned] === 10) line += 1;
      scanned += 1;
    }
    return start;
  };
  startLineAfter(0); // leading blank lines
  const onRecord = (cells: string[], info: { bytes: number }): null => {
    const recordLine = startLineAfter(info.bytes);
    if (!header) header = cells;
    else records.push({ line: recordLine, value: decodeRow(header, cells) });
    return null;
  };
  try {
    parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (cells: string[], context: { bytes: number }) => onRecord(cells, context),
      on_skip: (error: { message: string; bytes?: number } | undefined) => {
        const recordLine = startLineAfter(error?.bytes ?? scanned);
        errors.push({ line: recordLine, reason: `not valid CSV: ${error?.message ?? 'unreadable record'}` });
      },
    });
  } catch (error) {
    errors.push({ line, reason: `not valid CSV: ${errorMessage(error)}` });
  }
  return collect(records, errors);
}

/** Reads every sample it can; `format` defaults to the one the extension names. */
export async function readTestset(path: string, format?: TestsetFormat): Promise<ReadTestsetResult> {
  const resolved = format ?? inferTestsetFormat(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NoInputError(
      code === 'ENOENT' ? `testset not found: ${path}` : `cannot read testset ${path}: ${errorMessage(error)}`,
      'pass the file `ragset generate` wrote',
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  switch (resolved) {
    case 'jsonl':
      return readJsonl(text);
    case 'json':
      return readJson(text);
    case 'csv':
      return readCsv(text);
  }
}
