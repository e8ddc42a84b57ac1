import { lexicalAbsence, lexicalPremise } from '../test/support/fake-openai/false-premise.js';
import { lexicalAblation, lexicalVerdict } from '../test/support/fake-openai/verdict.js';
import { startFakeOpenAI, type FakeOpenAI } from '../test/support/fake-openai.js';

/**
 * The fake OpenAI-compatible endpoint with judges that check instead of approving: each
 * verify schema (`verification`, `ablation`, `absence`, `premise`) gets a lexical verdict
 * (test/support/fake-openai/), so benchmarks see real rejections over HTTP. Its writers are
 * the fake's own (sentences drawn from the prompt; a context's number doubled for a false
 * premise).
 */
export async function startLexicalFake(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  const judges: Record<string, (prompt: string) => unknown> = { verification: lexicalVerdict, ablation: lexicalAblation, absence: lexicalAbsence, premise: lexicalPremise };
  fake.onChat((request, answer) => judges[request.schemaName]?.(request.userText) ?? answer());
  return fake;
}
