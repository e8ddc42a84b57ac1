/**
 * Code identifiers in technical prose: `backticked` names, calls (`createRng()`), camelCase,
 * PascalCase with several humps, snake_case and dotted.names. Each is a TECHNOLOGY
 * entity, named as written (a call without its parentheses).
 */

export interface Found {
  name: string;
  start: number;
}

const PATTERNS: RegExp[] = [
  // `identifier` or `a.b()` in backticks; no spaces, so `npm install x` stays out.
  /`([A-Za-z_$][\w$.:/-]*?)(?:\(\))?`/g,
  // calls: foo(), foo.bar(x), snake_case(…) — the paren directly after the name.
  /(?<![\w$.])([a-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|[A-Z][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\([^()\n]{0,40}\)/g,
  // camelCase: lower start, at least one hump.
  /(?<![\w$.])([a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+[A-Z]?)(?![\w$]|\.[A-Za-z_$])/g,
  // PascalCase with two or more humps (GraphStore, JavaScript); Mc/Mac names excluded below.
  /(?<![\w$.])([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+)(?![\w$]|\.[A-Za-z_$])/g,
  // snake_case and UPPER_SNAKE.
  /(?<![\w$.])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![\w$]|\.[A-Za-z_$])/g,
  // dotted.names: process.env, fs.readFile, package.json, Node.js, Number.parseInt (later parts lower-case, so not `end.The`).
  /(?<![\w$.])([A-Za-z_$][\w$]*(?:\.[a-z_$][\w$]*)+)(?![\w$(])/g,
];

const NAME_PREFIX = /^(?:Mc|Mac|Van|Von|De|Di|La|Le|Du|Da|Fitz|O)[A-Z]/;
/** Dotted Latin abbreviations that are prose, not code. */
const PROSE_ABBREVIATION = /^(?:e\.g|i\.e|a\.m|p\.m|cf|vs|etc|a\.k\.a)$/i;

function acceptable(name: string, patternIndex: number): boolean {
  if (name.length < 3 || PROSE_ABBREVIATION.test(name)) return false;
  if (patternIndex === 3 && NAME_PREFIX.test(name)) return false;
  // A dotted name needs every part to be at least two characters: `x.y` is usually prose.
  if (patternIndex === 5 && name.split('.').some((part) => part.length < 2)) return false;
  return true;
}

export function findCodeIdentifiers(text: string): Found[] {
  const found = new Map<string, Found>();
  PATTERNS.forEach((pattern, patternIndex) => {
    for (const match of text.matchAll(pattern)) {
      const name = (match[1] ?? '').replace(/[.:/-]+$/, '');
      if (!acceptable(name, patternIndex)) continue;
      const start = (match.index ?? 0) + match[0].indexOf(name);
      const existing = found.get(name);
      if (!existing || start < existing.start) found.set(name, { name, start });
    }
  });
  return [...found.values()].sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : 1));
}
