import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { exportToLangSmith, resolveConnection } from '../../../src/testset/export/langsmith.js';
import { LangSmithExportError } from '../../../src/testset/export/langsmith-errors.js';
import { exampleIdFor, planLangSmithExport } from '../../../src/testset/export/langsmith-plan.js';
import type { Sample } from '../../../src/testset/sample.js';
import { type FakeLangSmith, startFakeLangSmith } from '../../support/fake-langsmith.js';
import { abstractHop, falsePremise, multiHop, samples, singleHop } from '../fixtures.js';

let server: FakeLangSmith | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const API_KEY = 'lsv2_test_key';
const uploads = (fake: FakeLangSmith) => fake.requests.filter((r) => r.path.startsWith('/v1/platform/datasets/'));

function options(fake: FakeLangSmith, extra: Record<string, unknown> = {}) {
  return { dataset: 'hieroglyphs-eval', apiKey: API_KEY, endpoint: fake.url, ...extra };
}

/** Ten distinct samples so batches can be tested. */
function manySamples(count: number): Sample[] {
  return Array.from({ length: count }, (_, i) => ({
    ...singleHop,
    id: `smp_${String(i).padStart(16, '0')}`,
    user_input: `Which ruler's decree, copy number ${i + 1}, was carved on the stone?`,
  }));
}

describe('exportToLangSmith against a fake LangSmith', () => {
  it('creates a key-value dataset and sends the mapped examples in one multipart upload', async () => {
    server = await startFakeLangSmith();
    const result = await exportToLangSmith(samples, options(server, { split: 'test', workspaceId: 'ws-123' }));

    expect(result).toEqual({ datasetId: server.datasets[0]?.id, created: true, written: 3, updated: 0, skipped: 0 });
    const create = server.requests.find((r) => r.method === 'POST' && r.path === '/datasets');
    expect(create?.json).toMatchObject({ name: 'hieroglyphs-eval', data_type: 'kv' });
    expect(server.requests.every((r) => r.path === '/info' || (r.apiKey === API_KEY && r.tenantId === 'ws-123'))).toBe(true);

    const [upload] = uploads(server);
    expect(upload?.method).toBe('POST');
    const sent = upload?.examples ?? [];
    expect(sent.map((e) => e.id)).toEqual(samples.map((s) => exampleIdFor('hieroglyphs-eval', s.id)));
    const first = sent.find((e) => e.id === exampleIdFor('hieroglyphs-eval', multiHop.id));
    expect(first?.inputs).toEqual({ question: multiHop.user_input });
    expect(first?.outputs).toEqual({ answer: multiHop.reference, contexts: multiHop.reference_contexts });
    expect(first?.body.split).toBe('test');
    expect(first?.body.metadata).toMatchObject({
      sample_id: multiHop.id,
      synthesizer_name: multiHop.synthesizer_name,
      persona_name: multiHop.persona_name,
      query_style: multiHop.query_style,
      query_length: multiHop.query_length,
      hops: 2,
      bridge: multiHop.bridge,
      provenance: multiHop.provenance,
      reference_spans: null,
      verification: null,
      ragset_content_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const verified = sent.find((e) => e.id === exampleIdFor('hieroglyphs-eval', singleHop.id));
    expect(verified?.body.metadata).toMatchObject({ reference_spans: singleHop.reference_spans, verification: singleHop.verification });
    expect(server.examples.size).toBe(3);
  });

  it('is idempotent: a second export writes nothing and the example count stays the same', async () => {
    server = await startFakeLangSmith();
    await exportToLangSmith(samples, options(server));
    const uploadsBefore = uploads(server).length;
    const again = await exportToLangSmith(samples, options(server));
    expect(again).toMatchObject({ created: false, written: 0, updated: 0, skipped: 3 });
    expect(server.examples.size).toBe(3);
    expect(server.datasets).toHaveLength(1);
    expect(uploads(server)).toHaveLength(uploadsBefore);
    expect(server.requests.some((r) => r.method === 'GET' && r.path === '/examples')).toBe(true);
  });

  it('appends to an existing dataset and updates only the examples whose content changed', async () => {
    server = await startFakeLangSmith();
    await exportToLangSmith([singleHop, multiHop], options(server));
    const edited = { ...multiHop, reference: `${multiHop.reference} The letter was published in October 1822.` };
    const result = await exportToLangSmith([singleHop, edited, abstractHop], options(server));

    expect(result).toMatchObject({ created: false, written: 2, updated: 1, skipped: 1 });
    const [, create, update] = uploads(server);
    expect(create?.method).toBe('POST');
    expect(create?.examples?.map((e) => e.id)).toEqual([exampleIdFor('hieroglyphs-eval', abstractHop.id)]);
    expect(update?.method).toBe('PATCH');
    expect(update?.examples?.map((e) => e.id)).toEqual([exampleIdFor('hieroglyphs-eval', multiHop.id)]);
    expect(server.examples.get(exampleIdFor('hieroglyphs-eval', multiHop.id))?.outputs).toMatchObject({ answer: edited.reference });
    expect(server.examples.size).toBe(3);
  });

  it('uploads in batches of --batch-size and reports the count written before a failure', async () => {
    let uploadCalls = 0;
    server = await startFakeLangSmith({
      failWith: (request) => {
        if (request.method !== 'POST' || !request.path.endsWith('/examples')) return undefined;
        uploadCalls += 1;
        return uploadCalls === 3 ? { status: 422, body: { detail: 'Example inputs exceed the size limit' } } : undefined;
      },
    });
    const many = manySamples(10);
    const failure = await exportToLangSmith(many, options(server, { batchSize: 4 })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LangSmithExportError);
    const error = failure as LangSmithExportError;
    expect(error.written).toBe(8);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      'LangSmith refused creating examples: HTTP 422: Example inputs exceed the size limit; 8 of 10 examples written before the failure',
    );
    expect(error.message).not.toContain('\n');
    expect(server.examples.size).toBe(8);

    // the rerun sends only the two missing examples
    uploadCalls = 100;
    const rerun = await exportToLangSmith(many, options(server, { batchSize: 4 }));
    expect(rerun).toMatchObject({ written: 2, skipped: 8 });
    expect(server.examples.size).toBe(10);
  });

  it('reports a wrong key with the server message and a hint', async () => {
    server = await startFakeLangSmith();
    const error = (await exportToLangSmith(samples, options(server, { apiKey: 'wrong' })).catch((e: unknown) => e)) as LangSmithExportError;
    expect(error).toBeInstanceOf(LangSmithExportError);
    expect(error.exitCode).toBe(4);
    expect(error.message).toMatch(/HTTP 401: Invalid token; 0 of 3 examples written/);
    expect(error.hint).toMatch(/LANGSMITH_API_KEY/);
  });

  it('fails fast with UnreachableError when nothing listens at the endpoint', async () => {
    server = await startFakeLangSmith();
    const url = server.url;
    await server.close();
    server = undefined;
    const started = Date.now();
    const error = (await exportToLangSmith(samples, { dataset: 'x', apiKey: API_KEY, endpoint: url }).catch((e: unknown) => e)) as LangSmithExportError;
    expect(error).toBeInstanceOf(LangSmithExportError);
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`cannot reach LangSmith at ${url} while checking the server (ECONNREFUSED); 0 of 3 examples written before the failure`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a deployment without multipart example uploads', async () => {
    server = await startFakeLangSmith({ multipartEnabled: false });
    await expect(exportToLangSmith(samples, options(server))).rejects.toThrow(/does not accept multipart example uploads/);
  });
});

describe('LangSmith options and plan', () => {
  it('names LANGSMITH_API_KEY when no key is given', () => {
    expect(() => resolveConnection({}, {})).toThrow(UsageError);
    expect(() => resolveConnection({}, {})).toThrow(/LANGSMITH_API_KEY/);
    expect(resolveConnection({}, { LANGSMITH_API_KEY: 'k', LANGSMITH_ENDPOINT: 'http://127.0.0.1:1/', LANGSMITH_WORKSPACE_ID: 'w' })).toEqual({
      apiKey: 'k',
      endpoint: 'http://127.0.0.1:1',
      workspaceId: 'w',
    });
  });

  it('derives example ids from the dataset name and sample id, as UUIDv5', () => {
    // computed with Python: uuid5(uuid5(NAMESPACE_URL, 'ragset:langsmith-example'), 'hieroglyphs-eval\0smp_1f0c9a2b3d4e5f60')
    expect(exampleIdFor('hieroglyphs-eval', singleHop.id)).toBe('3ea81c14-39dd-5c15-9b16-fe1e7dbe2c3d');
    expect(exampleIdFor('other-dataset', singleHop.id)).not.toBe(exampleIdFor('hieroglyphs-eval', singleHop.id));
  });

  it('plans deterministically and rejects duplicate sample ids', () => {
    const plan = planLangSmithExport(samples, { dataset: 'd' });
    expect(planLangSmithExport(samples, { dataset: 'd' })).toEqual(plan);
    expect(plan.dataset.data_type).toBe('kv');
    expect(plan.examples[0]?.split).toBeUndefined();
    expect(() => planLangSmithExport([singleHop, singleHop], { dataset: 'd' })).toThrow(UsageError);
  });

  it('carries difficulty and ranks in metadata, and splits by kind and difficulty when asked', () => {
    const plan = planLangSmithExport(samples, { dataset: 'd', split: 'test', splitBy: ['kind', 'difficulty'] });
    expect(plan.examples[1]?.metadata).toMatchObject({ difficulty: 'hard', retrieval: { bm25_ranks: [4, 31], dense_ranks: [2, 27] } });
    expect(plan.examples.map((e) => e.split)).toEqual([
      ['test', singleHop.synthesizer_name, 'easy'],
      ['test', samples[1]?.synthesizer_name, 'hard'],
      // No difficulty recorded: only the kind.
      ['test', samples[2]?.synthesizer_name],
    ]);
  });

  it('carries a false-premise question\'s premise and span in metadata and splits it by its kind', () => {
    const plan = planLangSmithExport([singleHop, falsePremise], { dataset: 'd', splitBy: ['kind'] });
    expect(plan.examples[1]?.metadata).toMatchObject({ synthesizer_name: 'false_premise', false_premise: falsePremise.false_premise });
    expect(plan.examples[0]?.metadata).not.toHaveProperty('false_premise');
    expect(plan.examples.map((e) => e.split)).toEqual([['single_hop_specific'], ['false_premise']]);
  });
});
