import { describe, expect, it } from 'vitest';
import { htmlParser } from '../../src/documents/formats/html.js';
import { jsonlParser, jsonParser } from '../../src/documents/formats/json.js';
import { firstHeading, markdownParser } from '../../src/documents/formats/markdown.js';
import type { FormatParser, ParsedRecord } from '../../src/documents/formats/types.js';
import { LoadOptions, type LoadOptionsInput } from '../../src/documents/options.js';
import { normaliseText } from '../../src/documents/text-input.js';

async function parse(parser: FormatParser, content: string, options: LoadOptionsInput = {}) {
  const result = await parser.parse({ source: 'in', bytes: new TextEncoder().encode(content), options: LoadOptions.parse(options) });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

async function only(parser: FormatParser, content: string, options: LoadOptionsInput = {}): Promise<ParsedRecord> {
  const { records } = await parse(parser, content, options);
  expect(records).toHaveLength(1);
  return records[0] as ParsedRecord;
}

describe('normaliseText', () => {
  it('strips the BOM, unifies newlines and composes accents (NFC), idempotently', () => {
    const raw = '\uFEFFcafe\u0301\r\nline\rend';
    expect(normaliseText(raw)).toBe('café\nline\nend');
    expect(normaliseText(normaliseText(raw))).toBe(normaliseText(raw));
  });
});

describe('markdown', () => {
  it('prefers a level-1 heading for the title and ignores # lines inside code fences', () => {
    expect(firstHeading('```sh\n# not a heading\n```\n## Setup\n\n# The Real Title\n')).toBe('The Real Title');
    expect(firstHeading('## Only a subheading ##\n')).toBe('Only a subheading');
    expect(firstHeading('no headings at all')).toBeUndefined();
  });

  it('keeps the text verbatim when there is no front matter', async () => {
    const text = '# Rainbows\n\nSunlight is refracted, reflected and dispersed in raindrops.\n';
    expect(await only(markdownParser, text)).toEqual({ source: 'in', title: 'Rainbows', metadata: {}, text });
  });
});

describe('html', () => {
  it('renders nested lists, preformatted text, line breaks and hidden elements sensibly', async () => {
    const html = `<body><article><header><h1>Tea</h1></header>
      <p>Green and black tea come from the same plant,<br>Camellia sinensis.</p>
      <ul><li>Green tea is steamed or pan-fired<ul><li>Sencha is steamed</li></ul></li><li>Black tea is oxidised</li></ul>
      <pre>steep(  3 minutes )
  at 80 °C</pre>
      <div hidden>Hidden promotional banner</div><p aria-hidden="true">Decorative text</p>
      <p>Brewing &amp; serving &lt;tips&gt;.</p></article><aside>Related links</aside></body>`;
    const record = await only(htmlParser, html);
    expect(record.title).toBe('Tea');
    expect(record.text).toBe(
      [
        '# Tea',
        'Green and black tea come from the same plant,\nCamellia sinensis.',
        '- Green tea is steamed or pan-fired',
        '- Sencha is steamed',
        '- Black tea is oxidised',
        'steep(  3 minutes )\n  at 80 °C',
        'Brewing & serving <tips>.',
      ].join('\n\n'),
    );
  });

  it('falls back to the whole body when there is no <main> or single <article>, dropping page chrome', async () => {
    const record = await only(htmlParser, '<html><head><title> Bees </title></head><body><header>Site name</header><nav>Menu</nav><h2>Pollination</h2><p>Bees carry pollen between flowers.</p><footer>Contact us</footer></body></html>');
    expect(record.title).toBe('Bees');
    expect(record.text).toBe('## Pollination\n\nBees carry pollen between flowers.');
  });

  it('joins lines wrapped in the source and drops navigation marked by class or id (DocBook-style pages)', async () => {
    const html = `<body><div class="navheader"><table><tr><td><a href="a.html">Prev</a></td><td>Up</td></tr></table></div>
      <div id="breadcrumbs">Docs › Locks</div>
      <div class="sect2"><h3>Advisory Locks</h3><p>PostgreSQL provides a means for
      creating locks that have application-defined
      meanings.</p></div><div class="navfooter"><a href="b.html">Next</a></div></body>`;
    const record = await only(htmlParser, html);
    expect(record.text).toBe(
      '### Advisory Locks\n\nPostgreSQL provides a means for creating locks that have application-defined meanings.',
    );
  });
});

describe('json and jsonl records', () => {
  const records = JSON.stringify([
    { doc: { body: 'Glaciers flow under their own weight.' }, name: 'Glaciers', kind: 'ice', year: 2020 },
    { doc: { body: 'Sea ice forms when ocean water freezes.' }, name: 'Sea ice', kind: 'ice', year: 2021 },
    { doc: { body: '   ' }, name: 'Empty' },
    'not an object',
  ]);

  it('reads the configured text field (dotted paths), title field and metadata fields', async () => {
    const result = await parse(jsonParser, records, { textField: 'doc.body', titleField: 'name', metadataFields: ['year'] });
    expect(result.records).toEqual([
      { source: 'in#1', title: 'Glaciers', metadata: { year: 2020 }, text: 'Glaciers flow under their own weight.' },
      { source: 'in#2', title: 'Sea ice', metadata: { year: 2021 }, text: 'Sea ice forms when ocean water freezes.' },
    ]);
    expect(result.skipped).toEqual([
      { source: 'in#3', reason: "field 'doc.body' is empty" },
      { source: 'in#4', reason: 'record is not a JSON object' },
    ]);
  });

  it('finds a content field by default and keeps the other fields as metadata', async () => {
    const record = await only(jsonParser, JSON.stringify({ page_content: 'Tides follow the Moon.', id: 7, topic: 'oceans' }));
    expect(record).toEqual({ source: 'in', metadata: { recordId: '7', topic: 'oceans' }, text: 'Tides follow the Moon.' });
  });

  it('rejects a file that is not JSON at all with a one-line reason', async () => {
    const result = await jsonParser.parse({ source: 'in', bytes: new TextEncoder().encode('{"text": '), options: LoadOptions.parse({}) });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^invalid JSON: [^\n]+$/) });
  });

  it('JSONL: blank lines are ignored, bad lines and bad records are skipped in line order', async () => {
    const lines = ['{"text": "Comets have icy nuclei."}', '', '{oops}', '{"title": "no text"}', '{"text": "Meteors burn up in the atmosphere."}'];
    const result = await parse(jsonlParser, lines.join('\r\n'));
    expect(result.records.map((r) => [r.source, r.text])).toEqual([
      ['in#1', 'Comets have icy nuclei.'],
      ['in#5', 'Meteors burn up in the atmosphere.'],
    ]);
    expect(result.skipped.map((s) => s.source)).toEqual(['in#3', 'in#4']);
    expect(result.skipped[0]?.reason).toMatch(/^line 3 is not valid JSON/);
  });
});
