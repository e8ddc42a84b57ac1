import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { NoInputError, UsageError } from '../errors.js';

/**
 * Real user queries from a log: a text file (one query per line), CSV/TSV (a header row; the
 * column named by `column`, else the first of query/question/user_input/text) or JSONL (the
 * field named by `column`, with the same fallbacks). Empty queries are skipped.
 */

const DEFAULT_COLUMNS = ['query', 'question', 'user_input', 'text'];

function pickColumn(available: readonly string[], column: string | undefined, path: string): string {
  const chosen = column ?? DEFAULT_COLUMNS.find((name) => available.includes(name));
  if (chosen === undefined || !available.includes(chosen)) {
    throw new UsageError(
      `${path} has no column ${column ? `"${column}"` : `named ${DEFAULT_COLUMNS.join(', ')}`} (it has ${available.slice(0, 10).join(', ') || 'none'})`,
      'name the column with --column',
    );
  }
  return chosen;
}

function fromCsv(text: string, path: string, column: string | undefined, delimiter: string): string[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, delimiter, bom: true, relax_column_count: true }) as Record<string, string>[];
  } catch (error) {
    throw new UsageError(`cannot parse ${path} as CSV: ${(error as Error).message.split('\n')[0]}`, 'give a CSV with a header row, or a text file with one query per line');
  }
  const chosen = pickColumn(Object.keys(rows[0] ?? {}), column, path);
  return rows.map((row) => row[chosen] ?? '');
}

function fromJsonl(text: string, path: string, column: string | undefined): string[] {
  const records = text.split('\n').map((line, i) => [line.trim(), i + 1] as const).filter(([line]) => line !== '');
  return records.map(([line, number]) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${number} is not JSON`, 'give one JSON object per line');
    }
    if (typeof record !== 'object' || record === null) throw new UsageError(`${path}:${number} is not a JSON object`, 'give one JSON object per line');
    const chosen = pickColumn(Object.keys(record), column, `${path}:${number}`);
    const value = (record as Record<string, unknown>)[chosen];
    return typeof value === 'string' ? value : '';
  });
}

export async function readQueries(path: string, options: { column?: string } = {}): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NoInputError(`query file ${path} does not exist`);
    throw new UsageError(`cannot read query file ${path}: ${(error as Error).message}`);
  }
  const extension = extname(path).toLowerCase();
  const raw =
    extension === '.csv' ? fromCsv(text, path, options.column, ',')
    : extension === '.tsv' ? fromCsv(text, path, options.column, '\t')
    : extension === '.jsonl' || extension === '.ndjson' ? fromJsonl(text, path, options.column)
    : text.split(/\r?\n/);
  const queries = raw.map((query) => query.replace(/\s+/g, ' ').trim()).filter((query) => query !== '');
  if (queries.length === 0) throw new NoInputError(`${path} holds no query`, 'give one query per line (or a CSV/JSONL column of them)');
  return queries;
}
