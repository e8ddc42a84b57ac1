import { parseArgs } from 'node:util';
import { chunkDocument } from '../src/chunking/chunk-document.js';
import { getTokenizer } from '../src/chunking/tokens.js';
import { renderTable } from '../src/cli/table.js';
import type { Document } from '../src/documents/document.js';
import { contentId } from '../src/hash.js';
import { createRng, type Rng } from '../src/rng.js';

/**
 * `npm run bench -- chunking [--size 1000000] [--max-tokens 512]`: chunks text that has no
 * sentence or word breaks (the token-window fallback), generated from a seed, and prints
 * wall and CPU time per input. Target: each 1 MB input in at most 3 s; on a shared machine
 * the CPU seconds (this process's user + system time) are the figure to judge it by.
 */

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const CJK = '活字印刷術は十一世紀の中国で畢昇が発明したとされる東京大阪京都漢字文章語彙処理';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const JS_TOKENS = ['function', 'return', 'var', 'a', 'b', 'e', 't', 'n', '=', '(', ')', '{', '}', ';', ',', '.', '!0', '&&', '||', '?', ':', '"x"', '0', '1', '[', ']', '=>', 'this', 'null'];

function generate(size: number, next: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const part = next();
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, size);
}

const INPUTS: Record<string, (rng: Rng, size: number) => string> = {
  'unpunctuated CJK': (rng, size) => generate(size, () => CJK[rng.int(CJK.length)] ?? ''),
  base64: (rng, size) => generate(size, () => BASE64[rng.int(BASE64.length)] ?? ''),
  'minified JS': (rng, size) => generate(size, () => JS_TOKENS[rng.int(JS_TOKENS.length)] ?? ''),
};

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { size: { type: 'string', default: '1000000' }, 'max-tokens': { type: 'string', default: '512' } } });
  const size = Number(values.size);
  const maxTokens = Number(values['max-tokens']);
  const warm = performance.now();
  getTokenizer();
  process.stderr.write(`chunking: tokenizer built in ${((performance.now() - warm) / 1000).toFixed(2)} s\n`);
  const rows: (string | number)[][] = [];
  for (const [name, make] of Object.entries(INPUTS)) {
    const text = make(createRng(`bench/chunking/${name}`), size);
    const document: Document = { id: contentId('doc', text), source: name, title: name, format: 'text', metadata: {}, text };
    const start = performance.now();
    const cpuStart = cpuSeconds();
    const chunks = chunkDocument(document, { maxTokens, overlapTokens: 0 });
    const cpu = cpuSeconds() - cpuStart;
    const seconds = (performance.now() - start) / 1000;
    const tokens = chunks.reduce((sum, chunk) => sum + chunk.tokens, 0);
    rows.push([name, text.length, chunks.length, tokens, seconds.toFixed(2), cpu.toFixed(2), cpu <= 3 ? 'yes' : 'NO']);
  }
  process.stdout.write(`${renderTable(['input', 'characters', 'chunks', 'tokens', 'wall s', 'CPU s', 'CPU ≤ 3 s'], rows)}\n`);
}
