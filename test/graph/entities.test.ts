import { describe, expect, it } from 'vitest';
import { canonicalEntities, canonicalEntityKey, entityIdf, idfWeight } from '../../graph/builder/entities.js';

describe('canonicalEntityKey', () => {
  it.each([
    ['Routers', 'router'],
    ['policies', 'policy'],
    ['The Border Gateway Protocol', 'border gateway protocol'],
    ['  border   gateway\tprotocol ', 'border gateway protocol'],
    ["Google's", 'google'],
    ['Google’s data centers', 'google data center'],
    ["the users'", 'user'],
    ['U.S. Federal Reserve', 'us federal reserve'],
    ['switches', 'switch'],
    ['classes', 'class'],
    ['boxes', 'box'],
    ['APIs', 'api'],
    ['Ｔｏｋｙｏ', 'tokyo'],
    ['Wi-Fi', 'wi fi'],
    ['C++', 'c++'],
    ['C#', 'c#'],
    ['AT&T', 'at&t'],
    ['東京タワー', '東京タワー'],
    ['القاهرة', 'القاهرة'],
    ['A', 'a'],
    ['The', 'the'],
  ])('%s → %s', (name, key) => {
    expect(canonicalEntityKey(name)).toBe(key);
  });

  it.each(['analysis', 'bus', 'glass', 'status', 'series', 'species', 'Kubernetes', 'corpus', 'gas'])(
    'leaves the singular %s alone',
    (word) => {
      expect(canonicalEntityKey(word)).toBe(word.toLowerCase());
    },
  );

  it('only singularises the last word', () => {
    expect(canonicalEntityKey('Systems Analysis')).toBe('systems analysis');
    expect(canonicalEntityKey('Access Control Lists')).toBe('access control list');
  });

  it('gives an empty key to names without letters or digits', () => {
    expect(canonicalEntityKey('—!?')).toBe('');
  });

  it('is idempotent', () => {
    for (const name of ['The Routers', 'Google’s policies', 'Wi-Fi Alliance', 'C++ templates', 'Ｔｏｋｙｏ']) {
      const key = canonicalEntityKey(name);
      expect(canonicalEntityKey(key)).toBe(key);
    }
  });
});

describe('entityIdf', () => {
  const chunks = [
    { id: 'c1', keys: ['tcp', 'router', 'tcp'] },
    { id: 'c2', keys: ['tcp', 'bgp'] },
    { id: 'c3', keys: ['tcp', ''] },
  ];

  it('counts each chunk once per key and ignores empty keys', () => {
    const weights = entityIdf(chunks);
    expect(weights.chunkCount).toBe(3);
    expect([...weights.frequency]).toEqual([
      ['bgp', 1],
      ['router', 1],
      ['tcp', 3],
    ]);
  });

  it('down-weights entities found everywhere without dropping them', () => {
    const { idf } = entityIdf(chunks);
    expect(idf.get('tcp')).toBeCloseTo(1, 12);
    expect(idf.get('bgp')).toBeCloseTo(Math.log(4 / 2) + 1, 12);
    expect(idf.get('bgp')).toBeGreaterThan(idf.get('tcp') as number);
    expect(idfWeight(3, 3)).toBeGreaterThan(0);
  });
});

describe('canonicalEntities', () => {
  it('picks the most frequent surface form per key, ties by code-point order', () => {
    const names = ['Routers', 'router', 'Router', 'Router', 'BGP', 'bgp', 'Border Gateway Protocol', '!!'];
    const entities = canonicalEntities(names.map((name) => ({ name, key: canonicalEntityKey(name) })));
    expect(entities).toEqual([
      { key: 'bgp', name: 'BGP', mentions: 2 },
      { key: 'border gateway protocol', name: 'Border Gateway Protocol', mentions: 1 },
      { key: 'router', name: 'Router', mentions: 4 },
    ]);
  });
});
