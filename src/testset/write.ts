import { extname } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { Sample } from './sample.js';

/**
 * Writes a testset so that the same samples always give the same bytes: keys in schema
 * order (zod rebuilds every object in shape order), `\n` line endings, a trailing newline,
 * and an atomic replace so a crash never leaves half a file.
 */

export const TESTSET_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type TestsetFormat = (typeof TESTSET_FORMATS)[number];

const FORMAT_BY_EXTENSION: Record<string, TestsetFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
};

/** `.jsonl`/`.ndjson` → jsonl, `.json` → json, `.csv` → csv; anything else is a usage error. */
export function inferTestsetFormat(path: string): TestsetFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new UsageError(
      `cannot tell the testset format of ${path}`,
      'use a .jsonl, .json or .csv file name, or pass the format explicitly',
    );
  }
  return format;
}

/** The testset CSV columns: every Sample field, in schema order. */
export const SAMPLE_COLUMNS = Object.keys(Sample.shape) as (keyof Sample)[];

/** Text cells stay as they are; numbers, lists, objects and null are JSON so they read back exactly. */
export function encodeCell(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How CSV cells are written. */
export const CsvOptions = z.object({
  /**
   * Cells a spreadsheet would evaluate (starting with `=`, `+`, `-`, `@`, tab or CR) get a
   * leading `'` (OWASP CSV injection rule): text from documents or a model must not become a
   * formula. A cell already starting with `'`s before such a character gets one more, so
   * `readTestset` can take exactly one off.
   */
  escapeFormulas: z.boolean().default(true).describe("CSV: give cells starting with = + - @ tab or CR a leading ' so a spreadsheet does not run them"),
});
export type CsvOptions = z.input<typeof CsvOptions>;

/** The output stage of `generate`: the testset file and what is written beside it. */
export const OutputOptions = z.object({
  out: z.string().trim().min(1).default('testset.jsonl').describe('testset file'),
  format: z.enum(TESTSET_FORMATS).optional().describe('testset format (default: from the file extension)'),
  report: z.boolean().default(true).describe('write the HTML quality report <out>.report.html'),
  ...CsvOptions.shape,
});
export type OutputOptions = z.output<typeof OutputOptions>;

const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;

export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Undoes `escapeFormula`. */
export function unescapeFormula(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

/** RFC 4180 CSV (quotes only where needed, `""` escapes) with `\n` record ends. */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const { escapeFormulas } = CsvOptions.parse(options);
  const cells = escapeFormulas ? rows.map((row) => row.map(escapeFormula)) : rows;
  return stringify([columns as string[], ...(cells as string[][])], { record_delimiter: '\n', eof: true });
}

/** Renders samples as the file's text; every sample goes through the schema first. */
export function serializeTestset(samples: readonly Sample[], format: TestsetFormat, csv: CsvOptions = {}): string {
  const parsed = samples.map((sample) => Sample.parse(sample));
  switch (format) {
    case 'jsonl':
      return parsed.map((sample) => `${JSON.stringify(sample)}\n`).join('');
    case 'json':
      return `${JSON.stringify(parsed, null, 2)}\n`;
    case 'csv':
      return toCsv(
        SAMPLE_COLUMNS,
        parsed.map((sample) => SAMPLE_COLUMNS.map((column) => (sample[column] === undefined ? '' : encodeCell(sample[column])))),
        csv,
      );
  }
}

export { writeFileAtomic };

/** Writes the testset to `path`; the format comes from the extension unless given. */
export async function writeTestset(samples: readonly Sample[], path: string, format?: TestsetFormat, csv: CsvOptions = {}): Promise<void> {
  await writeFileAtomic(path, serializeTestset(samples, format ?? inferTestsetFormat(path), csv));
}
