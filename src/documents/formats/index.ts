import { extname } from 'node:path';
import { htmlParser } from './html.js';
import { jsonlParser, jsonParser } from './json.js';
import { markdownParser } from './markdown.js';
import { pdfParser } from './pdf.js';
import { textParser } from './text.js';
import type { FormatParser } from './types.js';

export const FORMAT_PARSERS: readonly FormatParser[] = [
  markdownParser,
  textParser,
  htmlParser,
  pdfParser,
  jsonParser,
  jsonlParser,
];

const BY_EXTENSION = new Map(FORMAT_PARSERS.flatMap((parser) => parser.extensions.map((ext) => [ext, parser] as const)));

export const SUPPORTED_EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()].sort();

/** The parser for a file, chosen by its (case-insensitive) extension. */
export function parserFor(path: string): FormatParser | undefined {
  return BY_EXTENSION.get(extname(path).toLowerCase());
}
