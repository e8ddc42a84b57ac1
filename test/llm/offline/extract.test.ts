import { describe, expect, it } from 'vitest';
import { findCodeIdentifiers } from '../../../src/llm/offline/code-identifiers.js';
import { offlineExtract } from '../../../src/llm/offline/extract.js';
import { detectLanguage } from '../../../src/llm/offline/language.js';
import { Extraction } from '../../../src/llm/tasks.js';
import { BABBAGE, CHINESE, FRENCH, GERMAN, JAPANESE, LOVELACE, NODE_STREAMS, VOLCANO } from './prose.js';

const extract = (text: string, headings: string[] = []) => offlineExtract({ title: 'Test document', headings, text });
const named = (text: string, type?: string) =>
  extract(text)
    .entities.filter((entity) => type === undefined || entity.type === type)
    .map((entity) => entity.name);

describe('offline extraction', () => {
  it('passes the Extraction schema with the caps the prompt asks for, in every language', () => {
    for (const text of [LOVELACE, BABBAGE, VOLCANO, NODE_STREAMS, GERMAN, FRENCH, CHINESE, JAPANESE, 'x']) {
      const extraction = extract(text);
      expect(Extraction.safeParse(extraction).success).toBe(true);
      expect(extraction.headlines.length).toBeLessThanOrEqual(5);
      expect(extraction.keyphrases.length).toBeLessThanOrEqual(10);
      expect(extraction.entities.length).toBeLessThanOrEqual(15);
      expect(extraction.themes.length).toBeLessThanOrEqual(5);
    }
  });

  it('finds people, places and organisations in English prose', () => {
    expect(named(LOVELACE, 'PERSON')).toEqual(expect.arrayContaining(['Ada Lovelace', 'Charles Babbage', 'Lord Byron', 'Luigi Menabrea']));
    expect(named(BABBAGE, 'LOCATION')).toContain('London');
    expect(named(BABBAGE, 'ORGANIZATION')).toEqual(expect.arrayContaining(['University of Cambridge', 'Science Museum']));
    expect(named(BABBAGE)).toEqual(expect.arrayContaining(['Difference Engine', 'Analytical Engine', 'Joseph Clement']));
    expect(named(LOVELACE)).not.toContain('Her');
  });

  it('names every entity exactly as the text writes it', () => {
    for (const text of [LOVELACE, BABBAGE, VOLCANO, NODE_STREAMS, GERMAN, FRENCH, CHINESE, JAPANESE]) {
      for (const entity of extract(text).entities) expect(text).toContain(entity.name);
    }
  });

  it('finds code identifiers as TECHNOLOGY, and not the words inside them', () => {
    const technology = named(NODE_STREAMS, 'TECHNOLOGY');
    expect(technology).toEqual(
      expect.arrayContaining(['fs.readFile', 'createReadStream', 'process.env', 'max_retries', 'Number.parseInt', 'pipeline', 'highWaterMark', 'Node.js']),
    );
    expect(named(NODE_STREAMS)).not.toEqual(expect.arrayContaining(['ReadStream']));
    expect(named(NODE_STREAMS).filter((name) => ['File', 'Number', 'Node', 'WaterMark'].includes(name))).toEqual([]);
  });

  it('leaves prose abbreviations and sentence ends out of code identifiers', () => {
    const found = findCodeIdentifiers('Scholars, e.g. Young, used copies. Then Champollion wrote. Call `loadDocuments` or GraphStore.upsert() or MacDonald.').map((f) => f.name);
    expect(found).toEqual(['loadDocuments', 'GraphStore.upsert']);
  });

  it('uses capitalised names where there is no English tagger (German, French)', () => {
    expect(named(GERMAN)).toEqual(expect.arrayContaining(['Deutsche Nationalbibliothek', 'Frankfurt am Main', 'Deutsche Bücherei']));
    // German capitalises every noun, so single capitalised words are not taken as names.
    expect(named(GERMAN)).not.toContain('Veröffentlichungen');
    expect(named(FRENCH)).toEqual(expect.arrayContaining(['Louis Pasteur', 'Institut Pasteur', 'Paris', 'Joseph Meister']));
    expect(extract(FRENCH).entities.find((entity) => entity.name === 'Institut Pasteur')?.type).toBe('ORGANIZATION');
  });

  it('falls back to frequent terms and script cues for Chinese and Japanese', () => {
    expect(named(CHINESE)).toEqual(expect.arrayContaining(['罗塞塔石碑']));
    expect(named(JAPANESE)).toEqual(expect.arrayContaining(['オリンピック']));
    expect(extract(CHINESE).keyphrases).toEqual(expect.arrayContaining(['罗塞塔石碑', '大英博物馆']));
  });

  it('summarises with the most central whole sentences, in document order', () => {
    for (const text of [LOVELACE, BABBAGE, GERMAN, CHINESE]) {
      const { summary } = extract(text);
      expect(summary.length).toBeLessThanOrEqual(601);
      const sentences = summary.split(/(?<=[.。])\s*/u).filter(Boolean);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      const positions = sentences.map((sentence) => text.indexOf(sentence));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    expect(extract(LOVELACE).summary).not.toContain('#');
  });

  it('takes headlines from the heading path and the Markdown headings, without duplicates', () => {
    const { headlines } = extract(LOVELACE, ['Computing pioneers', 'Ada Lovelace and the Analytical Engine']);
    expect(headlines).toEqual(['Computing pioneers', 'Ada Lovelace and the Analytical Engine', 'Early life', 'The notes of 1843']);
    expect(extract(VOLCANO).headlines).toEqual([]);
  });

  it('gives short themes about what recurs', () => {
    const { themes } = extract(BABBAGE);
    expect(themes.length).toBeGreaterThan(0);
    for (const theme of themes) expect(theme.split(/\s+/).length).toBeLessThanOrEqual(3);
    expect(themes.some((theme) => /engine/i.test(theme))).toBe(true);
  });

  it('detects the language roughly, by script and function words', () => {
    expect([LOVELACE, GERMAN, FRENCH, CHINESE, JAPANESE, '12345'].map(detectLanguage)).toEqual(['en', 'de', 'fr', 'zh', 'ja', 'und']);
  });

  it('is deterministic', () => {
    expect(extract(LOVELACE)).toEqual(extract(LOVELACE));
  });
});
