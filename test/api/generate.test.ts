import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLlm, generateTestset, loadDocuments, NoInputError, Sample } from '../../src/index.js';

/** The library entry, as a user calls it: offline provider, the shipped sample corpus, no disk writes. */
const EXAMPLES = resolve('examples/corpus');

describe('generateTestset (library API)', () => {
  it('turns document paths into exactly N valid samples, and reuses the built graph for a second run', async () => {
    const llm = await createLlm({ provider: 'offline', cache: false });
    const first = await generateTestset({ documents: [EXAMPLES], llm, size: 7, seed: 3, mix: { single: 0.5, ms: 0.25, ma: 0.25 } });
    expect(first.samples).toHaveLength(7);
    for (const sample of first.samples) Sample.parse(sample);
    expect(first.build?.chunks).toBeGreaterThan(0);
    expect(first.report.achieved).toEqual({ single_hop_specific: 3, multi_hop_specific: 2, multi_hop_abstract: 2 });

    const documents = await loadDocuments([EXAMPLES]);
    const byId = new Map(documents.documents.map((d) => [d.id, d]));
    for (const sample of first.samples) {
      sample.provenance.forEach((p, i) => expect(byId.get(p.document_id)?.text.slice(p.start, p.end)).toBe(sample.reference_contexts[i]));
    }

    const again = await generateTestset({ graph: first.store, llm, size: 7, seed: 3, mix: { single: 0.5, ms: 0.25, ma: 0.25 } });
    expect(again.build).toBeNull();
    expect(again.samples).toEqual(first.samples);
  });

  it('says plainly when no document loads', async () => {
    const llm = await createLlm({ provider: 'offline', cache: false });
    await expect(generateTestset({ documents: [resolve('test/fixtures/documents/bad')], llm, size: 2 })).rejects.toBeInstanceOf(NoInputError);
  });
});
