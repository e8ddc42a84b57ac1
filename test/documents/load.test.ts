import { chmodSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document } from '../../src/documents/document.js';
import { loadDocuments, requireDocuments, type LoadResult } from '../../src/documents/load.js';
import { NoInputError } from '../../src/errors.js';
import { contentId } from '../../src/hash.js';
import { ordinaryUserCanRun, runAsOrdinaryUser } from '../support/ordinary-user.js';

const FIXTURES = 'test/fixtures/documents';
const CORPUS = `${FIXTURES}/corpus`;
const BAD = `${FIXTURES}/bad`;

function bySource(result: LoadResult, source: string) {
  const document = result.documents.find((d) => d.source === source);
  if (!document) throw new Error(`no document from ${source}; got ${result.documents.map((d) => d.source).join(', ')}`);
  return document;
}

function reasonFor(result: LoadResult, source: string): string | undefined {
  return result.skipped.find((s) => s.source === source)?.reason;
}

describe('loadDocuments on the fixture corpus', () => {
  let result: LoadResult;
  beforeAll(async () => {
    result = await loadDocuments([CORPUS]);
  });

  it('loads every format, sorted by source, each a valid Document with a content-hash id', () => {
    const sources = result.documents.map((d) => d.source);
    expect(sources).toEqual([...sources].sort());
    expect(new Set(result.documents.map((d) => d.format))).toEqual(new Set(['markdown', 'text', 'html', 'pdf', 'json', 'jsonl']));
    for (const document of result.documents) {
      expect(Document.parse(document)).toEqual(document);
      expect(document.id).toBe(contentId('doc', document.text));
      expect(document.text).not.toMatch(/\r|\uFEFF/);
    }
  });

  it('reports each file with its format and the documents it contributed', () => {
    expect(result.files.map((f) => [f.source.split('/').pop(), f.format, f.documentIds.length])).toEqual([
      ['bread-baking.json', 'json', 1],
      ['lighthouse-of-alexandria.pdf', 'pdf', 1],
      ['map-projections.pdf', 'pdf', 1],
      ['printing-press.txt', 'text', 1],
      ['science-notes.jsonl', 'jsonl', 3],
      ['tcp-congestion-control.md', 'markdown', 1],
      ['volcanoes.json', 'json', 2],
      ['water-treatment.html', 'html', 1],
    ]);
    expect(result.files.flatMap((f) => f.documentIds)).toEqual(result.documents.map((d) => d.id));
  });

  it('Markdown: front matter becomes metadata and the title; headings stay in the text', () => {
    const md = bySource(result, `${CORPUS}/tcp-congestion-control.md`);
    expect(md.title).toBe('How TCP Congestion Control Works');
    expect(md.metadata).toEqual({ frontMatter: { title: 'How TCP Congestion Control Works', author: 'ragset fixtures', tags: 'networking' } });
    expect(md.text).not.toContain('author: ragset fixtures');
    expect(md.text).toContain('\n## Slow start\n');
  });

  it('plain text is titled by its file name', () => {
    const text = bySource(result, `${CORPUS}/printing-press.txt`);
    expect(text.title).toBe('printing-press');
    expect(text.text.startsWith('The Printing Press and the Spread of Knowledge\n\nAround 1440')).toBe(true);
  });

  it('HTML: main content only, headings as # lines, nav/script/style/footer dropped', () => {
    const html = bySource(result, `${CORPUS}/water-treatment.html`);
    expect(html.title).toBe('How Drinking Water Is Treated');
    expect(html.metadata).toMatchObject({ lang: 'en', description: 'The stages of a municipal water treatment plant.' });
    expect(html.text.startsWith('# How Drinking Water Is Treated\n\nMost cities draw their water')).toBe(true);
    expect(html.text).toContain('\n\n## Disinfection\n\n');
    expect(html.text).toContain('- Rapid sand filters are cleaned');
    expect(html.text).toContain('Disinfectant | Leaves a residual\nChlorine | Yes');
    for (const unwanted of ['Pay your bill', 'tracking pixel', 'analytics', 'font-family', 'All rights reserved']) {
      expect(html.text).not.toContain(unwanted);
    }
  });

  it('PDF: text per page with page ranges, info title, size-based headings', () => {
    const pdf = bySource(result, `${CORPUS}/map-projections.pdf`);
    expect(pdf.title).toBe('A Short History of Map Projections');
    expect(pdf.metadata.pageCount).toBe(3);
    const pages = pdf.metadata.pages as { page: number; start: number; end: number }[];
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pdf.text.slice(pages[0]?.start, pages[0]?.end)).toMatch(/^# A Short History of Map Projections\n\nEvery flat map[\s\S]*around 1406\.$/);
    expect(pdf.text.slice(pages[1]?.start, pages[1]?.end)).toMatch(/^# The Mercator Projection\n\nIn 1569[\s\S]*fourteen times bigger\.$/);
    expect(pdf.text.slice(pages[2]?.start, pages[2]?.end)).toMatch(/^# Equal-Area Alternatives/);
    // Wrapped lines of one paragraph are joined, paragraphs stay apart.
    expect(pdf.text).toContain('A sphere cannot be unrolled onto a plane without stretching or tearing');
    const single = bySource(result, `${CORPUS}/lighthouse-of-alexandria.pdf`);
    expect(single.title).toBe('The Lighthouse of Alexandria');
    expect(single.metadata.pages).toEqual([{ page: 1, start: 0, end: single.text.length }]);
  });

  it('JSON: an array gives one document per record (path#N), an object one document', () => {
    const vesuvius = bySource(result, `${CORPUS}/volcanoes.json#1`);
    expect(vesuvius.title).toBe('Mount Vesuvius');
    expect(vesuvius.metadata).toEqual({ recordId: 'vesuvius', country: 'Italy', elevation_m: 1281 });
    expect(vesuvius.text.startsWith('Mount Vesuvius is a stratovolcano')).toBe(true);
    expect(bySource(result, `${CORPUS}/volcanoes.json#2`).title).toBe('Krakatoa');
    expect(reasonFor(result, `${CORPUS}/volcanoes.json#3`)).toMatch(/no string field 'text'/);
    const bread = bySource(result, `${CORPUS}/bread-baking.json`);
    expect(bread.title).toBe('Why Bread Rises');
    expect(bread.text.startsWith('Bread rises because yeast')).toBe(true);
    expect(bread.metadata).toEqual({ source_url: 'local' });
  });

  it('JSONL: a bad line is skipped with its line number and the other lines load', () => {
    expect(reasonFor(result, `${CORPUS}/science-notes.jsonl#3`)).toMatch(/^line 3 is not valid JSON/);
    expect(result.documents.filter((d) => d.format === 'jsonl').map((d) => d.source)).toEqual([
      `${CORPUS}/science-notes.jsonl#1`,
      `${CORPUS}/science-notes.jsonl#2`,
      `${CORPUS}/science-notes.jsonl#5`,
    ]);
    expect(bySource(result, `${CORPUS}/science-notes.jsonl#5`).metadata).toEqual({ recordId: 'vaccines', topic: 'medicine' });
  });
});

describe('loadDocuments on bad input', () => {
  it('skips each bad file with a one-line reason and never throws', async () => {
    const result = await loadDocuments([BAD]);
    expect(result.documents).toEqual([]);
    expect(result.files).toEqual([]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.source, s.reason]));
    expect(reasons).toEqual({
      [`${BAD}/binary-disguised.md`]: 'binary file (contains NUL bytes)',
      [`${BAD}/empty.txt`]: 'empty file',
      [`${BAD}/encrypted.pdf`]: 'encrypted PDF (a password is required to read it)',
      [`${BAD}/latin1.txt`]: 'not valid UTF-8 (convert it to UTF-8 first)',
      [`${BAD}/truncated.pdf`]: 'not a valid PDF (corrupt or truncated)',
      [`${BAD}/whitespace-only.md`]: 'empty file (whitespace only)',
    });
    for (const reason of Object.values(reasons)) expect(reason).not.toContain('\n');
  });

  it('a path that does not exist stops the load before any file is read, naming every such path', async () => {
    const read: number[] = [];
    const loading = loadDocuments([CORPUS, `${FIXTURES}/missing-folder`, `${CORPUS}/no-such.md`], { onProgress: (e) => read.push(e.done) });
    await expect(loading).rejects.toBeInstanceOf(NoInputError);
    await expect(loading).rejects.toThrow(`no such file or directory: ${FIXTURES}/missing-folder (and ${CORPUS}/no-such.md)`);
    expect(read).toEqual([]);
  });

  it('skips files over the size limit without reading them', async () => {
    const result = await loadDocuments([`${CORPUS}/printing-press.txt`, `${CORPUS}/bread-baking.json`], { maxFileMb: 1000 / 1024 / 1024 });
    expect(result.documents.map((d) => d.source)).toEqual([`${CORPUS}/bread-baking.json`]);
    expect(reasonFor(result, `${CORPUS}/printing-press.txt`)).toBe('file is 2 KB, over the 1 KB limit');
  });

  it('requireDocuments raises NoInputError (exit 3) when nothing loaded', async () => {
    const result = await loadDocuments([`${BAD}/empty.txt`]);
    expect(() => requireDocuments(result, [`${BAD}/empty.txt`])).toThrow(NoInputError);
    try {
      requireDocuments(result, [`${BAD}/empty.txt`]);
    } catch (error) {
      expect((error as NoInputError).exitCode).toBe(3);
      expect((error as NoInputError).message).toContain('empty.txt: empty file');
    }
    const good = await loadDocuments([`${CORPUS}/printing-press.txt`]);
    expect(requireDocuments(good, [])).toHaveLength(1);
  });
});

describe('loadDocuments on a temporary tree', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ragset-load-'));
    mkdirSync(join(root, 'guides', 'deep'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(root, 'guides', 'windows.md'), '\uFEFF# Line endings\r\n\r\nWindows editors end lines with CRLF.\rOld Macs used a lone CR.\r\n');
    writeFileSync(join(root, 'guides', 'deep', 'notes.txt'), 'Deeply nested notes about glob matching.\n');
    writeFileSync(join(root, 'guides', 'copy.txt'), 'Deeply nested notes about glob matching.\n');
    writeFileSync(join(root, 'README.rst'), 'Restructured text is read as plain text.\n');
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(root, '.hidden.md'), '# Hidden\n\nDot files are not read from folders.\n');
    writeFileSync(join(root, 'node_modules', 'pkg', 'readme.md'), '# Dependency\n\nNever ingested.\n');
    symlinkSync(join(root, 'does-not-exist.md'), join(root, 'dangling.md'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('normalises CRLF, lone CR and the BOM; offsets then point into the normalised text', async () => {
    const result = await loadDocuments([join(root, 'guides', 'windows.md')]);
    expect(result.documents[0]?.text).toBe('# Line endings\n\nWindows editors end lines with CRLF.\nOld Macs used a lone CR.\n');
    expect(result.documents[0]?.title).toBe('Line endings');
  });

  it('walks folders recursively, skipping hidden files and node_modules, reporting unsupported types', async () => {
    const result = await loadDocuments([root]);
    const rel = (source: string) => source.slice(root.length + 1);
    expect(result.files.map((f) => rel(f.source))).toEqual(['README.rst', 'guides/copy.txt', 'guides/deep/notes.txt', 'guides/windows.md']);
    expect(result.documents.map((d) => rel(d.source))).toEqual(['README.rst', 'guides/copy.txt', 'guides/windows.md']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [rel(s.source), s.reason]));
    expect(reasons['guides/deep/notes.txt']).toBe(`duplicate of ${root}/guides/copy.txt`);
    expect(reasons['logo.png']).toMatch(/^unsupported file type '\.png'/);
    expect(Object.keys(reasons)).not.toContain('.hidden.md');
  });

  it('applies include and exclude globs to files inside folders (basename globs match at any depth)', async () => {
    const included = await loadDocuments([root], { include: ['*.txt'] });
    expect(included.files.map((f) => f.source.slice(root.length + 1))).toEqual(['guides/copy.txt', 'guides/deep/notes.txt']);
    const excluded = await loadDocuments([root], { include: ['guides/**'], exclude: ['deep/**', '**/deep/**', 'windows.md'] });
    expect(excluded.files.map((f) => f.source.slice(root.length + 1))).toEqual(['guides/copy.txt']);
    const none = await loadDocuments([root], { include: ['*.docx'] });
    expect(none.skipped).toEqual([{ source: root, reason: 'no file in the folder matches the include/exclude globs' }]);
  });

  it('reads a file named explicitly even if a glob would exclude it, and only once when named twice', async () => {
    const file = join(root, 'README.rst');
    const result = await loadDocuments([file, root, file], { exclude: ['*.rst'] });
    expect(result.documents.filter((d) => d.source.endsWith('README.rst'))).toHaveLength(1);
  });

  it('reports progress per file', async () => {
    const events: number[] = [];
    await loadDocuments([root], { onProgress: (e) => events.push(e.done) });
    expect(events).toEqual([1, 2, 3, 4, 5]);
  });

  it('a dangling symbolic link named as an input is a path that does not exist', async () => {
    await expect(loadDocuments([join(root, 'dangling.md'), join(root, 'README.rst')])).rejects.toThrow(
      `no such file or directory: ${join(root, 'dangling.md')}`,
    );
  });
});

// Root reads any file and lists any folder whatever its mode, so these run as `nobody` then.
describe('loadDocuments on inputs without read permission', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ragset-locked-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'manual', 'chapters'), { recursive: true, mode: 0o755 });
    mkdirSync(join(root, 'manual', 'drafts'), { mode: 0o755 });
    mkdirSync(join(root, 'closed'), { mode: 0o755 });
    writeFileSync(join(root, 'manual', 'chapters', 'one.md'), '# One\n\nThe first chapter of a manual someone may read.\n', { mode: 0o644 });
    writeFileSync(join(root, 'manual', 'drafts', 'two.md'), '# Two\n\nA draft nobody may read.\n', { mode: 0o644 });
    writeFileSync(join(root, 'closed', 'three.md'), '# Three\n\nBehind a closed folder.\n', { mode: 0o644 });
    writeFileSync(join(root, 'locked.txt'), 'You may not read this.\n', { mode: 0o000 });
    chmodSync(join(root, 'manual', 'drafts'), 0o000);
    chmodSync(join(root, 'closed'), 0o000);
  });
  afterAll(() => {
    chmodSync(join(root, 'manual', 'drafts'), 0o755);
    chmodSync(join(root, 'closed'), 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it.skipIf(!ordinaryUserCanRun())('a folder that cannot be listed, given or found inside another, is a skipped line; so is a file that cannot be read', async () => {
    const printed = await runAsOrdinaryUser(`
      import { loadDocuments } from ${JSON.stringify(join(process.cwd(), 'src/documents/load.ts'))};
      const result = await loadDocuments(${JSON.stringify([join(root, 'manual'), join(root, 'closed'), join(root, 'locked.txt')])});
      console.log(JSON.stringify({ documents: result.documents.map((d) => d.source), skipped: result.skipped }));
    `);
    const result = JSON.parse(printed) as { documents: string[]; skipped: { source: string; reason: string }[] };
    expect(result.documents).toEqual([join(root, 'manual', 'chapters', 'one.md')]);
    expect(result.skipped).toEqual([
      { source: join(root, 'manual', 'drafts'), reason: 'folder not read: permission denied' },
      { source: join(root, 'closed'), reason: 'folder not read: permission denied' },
      { source: join(root, 'locked.txt'), reason: 'cannot read file (EACCES)' },
    ]);
  });
});
