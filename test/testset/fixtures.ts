import type { Sample } from '../../src/testset/sample.js';

/** Real-looking samples about the decipherment of hieroglyphs, with awkward text for CSV. */

const generation = { model: 'gpt-4o-mini', prompt_hash: 'p_5a1c0e77', seed: 'seed-42', ragset_version: '0.1.0' };

const rosetta =
  'The Rosetta Stone is a granodiorite stele inscribed with a decree issued in Memphis in 196 BC on behalf of King Ptolemy V Epiphanes.';
const discovery =
  'French soldiers found the stone in July 1799 while rebuilding a fort near the town of Rashid, which Europeans called "Rosetta", in the Nile Delta.';
const champollion =
  'On 27 September 1822 Jean-François Champollion read his "Lettre à M. Dacier" to the Académie,\nexplaining that hieroglyphs mixed phonetic and ideographic signs.';

export const singleHop: Sample = {
  id: 'smp_1f0c9a2b3d4e5f60',
  user_input: 'When and where was the Rosetta Stone decree issued?',
  reference: 'It was issued in Memphis in 196 BC on behalf of King Ptolemy V Epiphanes.',
  reference_contexts: [rosetta],
  reference_context_ids: ['chunk_a1b2c3d4e5f60718'],
  provenance: [
    {
      chunk_id: 'chunk_a1b2c3d4e5f60718',
      document_id: 'doc_0011223344556677',
      source: 'corpus/rosetta-stone.md',
      start: 24,
      end: 24 + rosetta.length,
      metadata: { title: 'The Rosetta Stone', heading: 'The Rosetta Stone' },
    },
  ],
  synthesizer_name: 'single_hop_specific',
  persona_name: 'Museum visitor',
  query_style: 'perfect_grammar',
  query_style_source: 'model',
  query_length: 'short',
  hops: 1,
  bridge: null,
  retrieval: { bm25_ranks: [1], dense_ranks: [2], lexical_overlap: 0.8 },
  difficulty: 'easy',
  generation,
  reference_spans: [
    {
      chunk_id: 'chunk_a1b2c3d4e5f60718',
      document_id: 'doc_0011223344556677',
      start: 24 + rosetta.indexOf('in Memphis'),
      end: 24 + rosetta.length - 1,
    },
  ],
  verification: {
    grounded: true,
    answerable: true,
    standalone: true,
    hops_needed: null,
    adherence: { style: true, length: true, persona: true },
    hop_check: 'support',
    model: 'gpt-4o-mini',
    prompt_hash: 'v_77e0c1a5',
  },
};

export const multiHop: Sample = {
  id: 'smp_9e8d7c6b5a4f3e2d',
  user_input: 'How did the stone, found near "Rosetta", lead to Champollion\'s letter, and what did he explain in it?',
  reference:
    'Soldiers found it in 1799 near Rashid; its three scripts let Champollion show, in his 1822 "Lettre à M. Dacier", that hieroglyphs mixed phonetic and ideographic signs.',
  reference_contexts: [discovery, champollion],
  reference_context_ids: ['chunk_b2c3d4e5f6071829', 'chunk_c3d4e5f607182930'],
  provenance: [
    {
      chunk_id: 'chunk_b2c3d4e5f6071829',
      document_id: 'doc_0011223344556677',
      source: 'corpus/rosetta-stone.md',
      start: 410,
      end: 410 + discovery.length,
      metadata: { heading: 'Discovery' },
    },
    {
      chunk_id: 'chunk_c3d4e5f607182930',
      document_id: 'doc_8899aabbccddeeff',
      source: 'corpus/champollion.md',
      start: 0,
      end: champollion.length,
      metadata: {},
    },
  ],
  synthesizer_name: 'multi_hop_specific',
  persona_name: 'Egyptology student',
  query_style: 'web_search_like',
  query_style_source: 'model',
  query_length: 'long',
  hops: 2,
  bridge: { type: 'entities', entities: ['Rosetta Stone', 'Champollion'] },
  retrieval: { bm25_ranks: [4, 31], dense_ranks: [2, 27], lexical_overlap: 0.4615 },
  difficulty: 'hard',
  generation,
  reference_spans: null,
  verification: null,
};

export const abstractHop: Sample = {
  ...multiHop,
  id: 'smp_4c4c4c4c4c4c4c4c',
  user_input: 'Why did a trilingual decree matter for reading a forgotten script?',
  reference: 'Because the Greek version, which scholars could read, gave the meaning of the Egyptian versions.',
  synthesizer_name: 'multi_hop_abstract',
  query_style: 'misspelled',
  query_length: 'medium',
  bridge: { type: 'similarity', score: 0.83, themes: ['decipherment', 'bilingual texts'] },
  // A testset written before ranks were recorded.
  retrieval: null,
  difficulty: null,
};

export const samples: Sample[] = [singleHop, multiHop, abstractHop];

/** A false-premise question: it assumes the wrong year; its span is the sentence of the context that gives the right one. */
export const falsePremise: Sample = {
  ...singleHop,
  id: 'smp_5d5d5d5d5d5d5d5d',
  user_input: 'Why was the Rosetta Stone decree issued in Memphis in 392 BC?',
  reference: 'It was not issued in 392 BC but in 196 BC, in Memphis, on behalf of King Ptolemy V Epiphanes.',
  synthesizer_name: 'false_premise',
  difficulty: 'medium',
  retrieval: { bm25_ranks: [2], dense_ranks: [9], lexical_overlap: 0.7 },
  false_premise: {
    premise: 'The Rosetta Stone decree was issued in Memphis in 392 BC.',
    span: { chunk_id: 'chunk_a1b2c3d4e5f60718', document_id: 'doc_0011223344556677', start: 24, end: 24 + rosetta.length - 1, text: rosetta.slice(0, -1) },
  },
};
