import { describe, expect, it } from 'vitest';
import { disabledCache } from '../../../src/llm/cache.js';
import { createLlmClient } from '../../../src/llm/client.js';
import { createOfflineChatModel, createOfflineEmbeddingModel } from '../../../src/llm/offline/index.js';
import { llmClientFromOptions, resolveLlmOptions } from '../../../src/llm/options.js';
import { EXTRACT_TASK, Extraction, PERSONA_TASK, PersonaOutput, SYNTHESIZE_TASK, SynthesizeOutput } from '../../../src/llm/tasks.js';
import { BABBAGE, LOVELACE, VOLCANO } from './prose.js';

const messages = [{ role: 'user' as const, content: 'Extract the facts of this passage.' }];

function offlineClient() {
  return createLlmClient({ chat: createOfflineChatModel(), embedding: createOfflineEmbeddingModel(), cache: disabledCache });
}

describe('offline chat model', () => {
  it('answers the extract task with JSON text that the Extraction schema accepts, counting words as tokens', async () => {
    const model = createOfflineChatModel();
    expect([model.provider, model.modelId]).toEqual(['offline', 'offline']);
    const result = await model.doChat({ messages, task: { name: EXTRACT_TASK, input: { title: 'Babbage', headings: [], text: BABBAGE } } });
    expect(Extraction.safeParse(JSON.parse(result.text)).success).toBe(true);
    expect(result.usage.promptTokens).toBe(6);
    expect(result.usage.completionTokens).toBeGreaterThan(20);
  });

  it('serves every pipeline task through the LLM client, validated and accounted per stage', async () => {
    const llm = offlineClient();
    expect([llm.provider, llm.chatModelId, llm.embeddingModelId]).toEqual(['offline', 'offline', 'offline']);
    const extraction = await llm.object({ stage: 'extract', name: 'extraction', schema: Extraction, messages, task: { name: EXTRACT_TASK, input: { title: 'Etna', headings: [], text: VOLCANO } } });
    expect(extraction.ok && extraction.value.entities.some((entity) => entity.name === 'Mount Etna')).toBe(true);
    const persona = await llm.object({
      stage: 'persona', name: 'persona', schema: PersonaOutput, messages,
      task: { name: PERSONA_TASK, input: { summaries: ['Mount Etna erupts often.'], keyphrases: ['Mount Etna', 'lava flows'], takenNames: [] } },
    });
    expect(persona.ok && persona.value.name.startsWith('Mount Etna')).toBe(true);
    const sample = await llm.object({
      stage: 'synthesize', name: 'sample', schema: SynthesizeOutput, messages,
      task: {
        name: SYNTHESIZE_TASK,
        input: {
          synthesizer: 'single_hop_specific', contexts: [{ id: 'c', title: 'Babbage', text: BABBAGE }],
          persona: { name: 'Historian', role_description: 'Studies machines.' }, style: 'perfect_grammar', length: 'short',
          focus: ['Joseph Clement'], bridge: [], language: null,
        },
      },
    });
    expect(sample.ok && sample.value.question.includes('Joseph Clement')).toBe(true);
    const usage = llm.usage();
    expect([usage.stages.extract?.calls, usage.stages.persona?.calls, usage.stages.synthesize?.calls, usage.stages.repair]).toEqual([1, 1, 1, undefined]);
    expect(usage.total.costUsd).toBe(0);
  });

  it('fails an item with a clear reason when there is no task, an unknown task or bad input', async () => {
    const llm = offlineClient();
    const noTask = await llm.object({ stage: 'critic', name: 'verdict', schema: Extraction, messages });
    expect(noTask).toEqual({ ok: false, reason: expect.stringContaining('offline provider: this request carries no task') });
    const unknown = await llm.object({ stage: 'critic', name: 'verdict', schema: Extraction, messages, task: { name: 'critique', input: {} } });
    expect(unknown.ok ? '' : unknown.reason).toMatch(/unknown task "critique"/);
    const invalid = await llm.object({ stage: 'extract', name: 'extraction', schema: Extraction, messages, task: { name: EXTRACT_TASK, input: { text: 3 } } });
    expect(invalid.ok ? '' : invalid.reason).toMatch(/invalid extract input/);
    expect(llm.usage().stages.critic?.failures).toBe(2);
  });

  it('embeds through the client, and fitting the corpus changes the vectors', async () => {
    const llm = offlineClient();
    const [before] = await llm.embed({ stage: 'embed', texts: ['Analytical Engine and Mount Etna'] });
    llm.fitEmbeddings([LOVELACE, BABBAGE, VOLCANO]);
    const [after] = await llm.embed({ stage: 'embed', texts: ['Analytical Engine and Mount Etna'] });
    expect(before).toHaveLength(512);
    expect(Array.from(after as Float32Array)).not.toEqual(Array.from(before as Float32Array));
  });
});

describe('--provider offline', () => {
  it('needs no key or base URL, from the flag or RAGSET_PROVIDER', async () => {
    expect(resolveLlmOptions({ provider: 'offline' }, {}).provider).toBe('offline');
    expect(resolveLlmOptions({}, { RAGSET_PROVIDER: 'offline', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).provider).toBe('offline');
    const llm = await llmClientFromOptions({ provider: 'offline', cache: false, embeddingDimensions: '64' }, {});
    expect([llm.provider, llm.chatModelId]).toEqual(['offline', 'offline']);
    expect((await llm.embed({ stage: 'embed', texts: ['Etna'] }))[0]).toHaveLength(64);
  });

  it('is never chosen silently: an endpoint alone keeps the openai provider', () => {
    expect(resolveLlmOptions({}, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).provider).toBe('openai');
    expect(resolveLlmOptions({}, {}).provider).toBe('openai');
  });

  it('ignores endpoint settings, so a committed config for an endpoint still runs offline', async () => {
    const flags = { provider: 'offline', baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o', cache: false };
    const llm = await llmClientFromOptions(flags, { OPENAI_API_KEY: 'unused' });
    expect([llm.provider, llm.chatModelId]).toEqual(['offline', 'offline']);
    const extraction = await llm.object({ stage: 'extract', name: 'extraction', schema: Extraction, messages, task: { name: EXTRACT_TASK, input: { title: 'Etna', headings: [], text: VOLCANO } } });
    expect(extraction.ok).toBe(true);
  });
});
