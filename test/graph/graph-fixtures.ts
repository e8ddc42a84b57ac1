import type { ChunkNode, DocumentNode, GraphNode, Relationship } from '../../graph/model.js';

/**
 * A small hand-made graph about networking and a few non-English documents, used by the
 * store contract suite, the graph-file tests and the stats tests.
 */
export function documentNode(id: string, fields: Partial<DocumentNode> = {}): DocumentNode {
  return {
    id,
    kind: 'document',
    source: `docs/${id}.md`,
    title: `Document ${id}`,
    format: 'markdown',
    metadata: {},
    text: '',
    summary: '',
    ...fields,
  };
}

export function chunkNode(id: string, documentId: string, fields: Partial<ChunkNode> = {}): ChunkNode {
  const text = fields.text ?? `Text of ${id}.`;
  return {
    id,
    kind: 'chunk',
    documentId,
    ordinal: 0,
    start: 0,
    end: text.length,
    text,
    tokens: Math.ceil(text.length / 4),
    headings: [],
    status: 'extracted',
    summary: '',
    headlines: [],
    keyphrases: [],
    entities: [],
    themes: [],
    embedding: null,
    summaryEmbedding: null,
    ...fields,
  };
}

const BGP =
  'The Border Gateway Protocol exchanges reachability information between autonomous systems. ' +
  'Each router keeps a table of paths and picks one by local preference, AS-path length and origin.';
const OSPF =
  'OSPF is a link-state routing protocol: every router floods link-state advertisements and runs ' +
  'Dijkstra’s algorithm over the resulting map of the area.';
const TOKYO = '東京は日本の首都であり、世界最大級の都市圏を形成している。鉄道網は世界で最も利用者が多い。';
const CAIRO = 'القاهرة هي عاصمة مصر وأكبر مدنها، وتقع على ضفاف نهر النيل.';
const EMOJI = 'Release notes 🚀: the café’s Wi‑Fi now supports WPA3 — naïve clients fall back to WPA2 👍.';

/** Documents d1 (networking, 3 chunks), d2 (Japanese, Arabic, emoji: 3 chunks). */
export function sampleNodes(): GraphNode[] {
  return [
    documentNode('doc_1', { title: 'Routing protocols', text: `${BGP}\n\n${OSPF}` }),
    documentNode('doc_2', { title: '世界の都市 — مدن العالم 🌍', metadata: { language: 'multi', tags: ['東京', 'القاهرة'] } }),
    chunkNode('chunk_a', 'doc_1', {
      text: BGP,
      ordinal: 0,
      entities: [
        { name: 'Border Gateway Protocol', type: 'protocol', key: 'border gateway protocol' },
        { name: 'routers', type: 'device', key: 'router' },
      ],
      embedding: Float32Array.of(0.1, -0, 3.4e38, 1.4e-45),
    }),
    chunkNode('chunk_b', 'doc_1', {
      text: OSPF,
      ordinal: 1,
      entities: [
        { name: 'OSPF', type: 'protocol', key: 'ospf' },
        { name: 'router', type: 'device', key: 'router' },
      ],
      embedding: Float32Array.of(0.2, 0.3, -0.4, 0.5),
    }),
    chunkNode('chunk_c', 'doc_1', { ordinal: 2, status: 'failed', error: 'model returned invalid JSON' }),
    chunkNode('chunk_d', 'doc_2', {
      text: TOKYO,
      ordinal: 0,
      entities: [{ name: '東京', type: 'place', key: '東京' }],
      themes: ['都市'],
      embedding: Float32Array.of(0.6, 0.1, 0.1, 0.1),
    }),
    chunkNode('chunk_e', 'doc_2', {
      text: CAIRO,
      ordinal: 1,
      entities: [{ name: 'القاهرة', type: 'place', key: 'القاهرة' }],
      embedding: Float32Array.of(0.5, 0.2, 0.1, 0.1),
    }),
    chunkNode('chunk_f', 'doc_2', { text: EMOJI, ordinal: 2, status: 'pending' }),
  ];
}

/** child and next edges per document, similar and shares_entities edges across them. */
export function sampleRelationships(): Relationship[] {
  return [
    { kind: 'child', source: 'doc_1', target: 'chunk_a' },
    { kind: 'child', source: 'doc_1', target: 'chunk_b' },
    { kind: 'child', source: 'doc_1', target: 'chunk_c' },
    { kind: 'child', source: 'doc_2', target: 'chunk_d' },
    { kind: 'child', source: 'doc_2', target: 'chunk_e' },
    { kind: 'child', source: 'doc_2', target: 'chunk_f' },
    { kind: 'next', source: 'chunk_a', target: 'chunk_b' },
    { kind: 'next', source: 'chunk_b', target: 'chunk_c' },
    { kind: 'next', source: 'chunk_d', target: 'chunk_e' },
    { kind: 'next', source: 'chunk_e', target: 'chunk_f' },
    { kind: 'similar', source: 'chunk_a', target: 'chunk_b', score: 0.91 },
    { kind: 'similar', source: 'chunk_d', target: 'chunk_e', score: 0.8 },
    { kind: 'similar', source: 'chunk_b', target: 'chunk_d', score: 0.55 },
    { kind: 'shares_entities', source: 'chunk_a', target: 'chunk_b', score: 0.4, entities: ['router'] },
  ];
}
