import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  AlpacaRecord,
  DEFAULT_SYSTEM_PROMPT,
  DEFAULT_SYSTEM_PROMPT_WITH_CONTEXTS,
  exportFineTune,
  OpenAIChatRecord,
  ShareGptRecord,
  toFineTuneRecords,
} from '../../../src/testset/export/fine-tune.js';
import { multiHop, samples, singleHop } from '../fixtures.js';

const [discovery, champollion] = multiHop.reference_contexts;
const promptWithContexts = `Context:\n[1] ${discovery}\n\n[2] ${champollion}\n\nQuestion: ${multiHop.user_input}`;

describe('fine-tuning records', () => {
  it('openai: system, user with numbered contexts, assistant with the reference', () => {
    const [record] = toFineTuneRecords([multiHop], { format: 'openai' });
    expect(record).toEqual({
      messages: [
        { role: 'system', content: DEFAULT_SYSTEM_PROMPT_WITH_CONTEXTS },
        { role: 'user', content: promptWithContexts },
        { role: 'assistant', content: multiHop.reference },
      ],
    });
  });

  it('alpaca: question as instruction, contexts as input', () => {
    const [record] = toFineTuneRecords([multiHop], { format: 'alpaca', systemPrompt: 'You answer museum visitors.' });
    expect(record).toEqual({
      instruction: multiHop.user_input,
      input: `[1] ${discovery}\n\n[2] ${champollion}`,
      output: multiHop.reference,
      system: 'You answer museum visitors.',
    });
  });

  it('sharegpt: system, human, gpt turns', () => {
    const [record] = toFineTuneRecords([multiHop], { format: 'sharegpt' });
    expect(record).toEqual({
      conversations: [
        { from: 'system', value: DEFAULT_SYSTEM_PROMPT_WITH_CONTEXTS },
        { from: 'human', value: promptWithContexts },
        { from: 'gpt', value: multiHop.reference },
      ],
    });
  });

  it('--no-contexts gives closed-book prompts and its own default system prompt; "" drops it', () => {
    const [openai] = toFineTuneRecords([singleHop], { format: 'openai', contexts: false });
    expect(openai).toEqual({
      messages: [
        { role: 'system', content: DEFAULT_SYSTEM_PROMPT },
        { role: 'user', content: singleHop.user_input },
        { role: 'assistant', content: singleHop.reference },
      ],
    });
    const [alpaca] = toFineTuneRecords([singleHop], { format: 'alpaca', contexts: false, systemPrompt: '' });
    expect(alpaca).toEqual({ instruction: singleHop.user_input, input: '', output: singleHop.reference });
    const [sharegpt] = toFineTuneRecords([singleHop], { format: 'sharegpt', systemPrompt: '' });
    expect(sharegpt).toMatchObject({ conversations: [{ from: 'human' }, { from: 'gpt' }] });
  });

  it('writes one schema-valid JSONL line per sample and only to .jsonl', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragset-ft-'));
    const schemas = { openai: OpenAIChatRecord, alpaca: AlpacaRecord, sharegpt: ShareGptRecord };
    for (const format of ['openai', 'alpaca', 'sharegpt'] as const) {
      const path = join(dir, `${format}.jsonl`);
      expect(await exportFineTune(samples, path, { format })).toEqual({ path, records: 3 });
      const text = await readFile(path, 'utf8');
      const records = text.trimEnd().split('\n').map((line) => schemas[format].strict().parse(JSON.parse(line)));
      expect(records).toHaveLength(3);
    }
    await expect(exportFineTune(samples, join(dir, 'x.json'), { format: 'openai' })).rejects.toBeInstanceOf(UsageError);
  });
});
