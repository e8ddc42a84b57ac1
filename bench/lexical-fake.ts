import { lexicalAbsence, lexicalPremise } from '../test/support/fake-openai/false-premise.js';
import { steeredQuestion } from '../test/support/fake-openai/phrasing.js';
import { lexicalAblation, lexicalVerdict, passages } from '../test/support/fake-openai/verdict.js';
import { startFakeOpenAI, type FakeChatRequest, type FakeOpenAI } from '../test/support/fake-openai.js';

/**
 * The fake OpenAI-compatible endpoint with judges that check instead of approving: each
 * verify schema (`verification`, `ablation`, `absence`, `premise`) gets a lexical verdict
 * (test/support/fake-openai/), so benchmarks see real rejections over HTTP. Its writers are
 * the fake's own (sentences drawn from the prompt; a context's number doubled for a false
 * premise), or with `wellFormed` scripted ones that follow the task the way a model should:
 * an answerable question's answer is the first sentence of every context (grounded, every hop
 * used), an unanswerable question asks how its focus term relates to the related term; a steered
 * prompt's question follows its phrasing lines (test/support/fake-openai/phrasing.ts).
 */

function promptLine(prompt: string, label: string): string {
  return new RegExp(`^${label}: (.*)$`, 'm').exec(prompt)?.[1]?.trim() ?? '';
}

function wellFormedAnswer(request: FakeChatRequest): unknown {
  const properties = Object.keys((request.schema?.properties ?? {}) as Record<string, unknown>);
  const prompt = request.userText;
  const focus = promptLine(prompt, 'Focus on').split('; ')[0] || 'this topic';
  if (properties.includes('missing')) {
    const related = promptLine(prompt, 'Related term').split('; ')[0];
    return related
      ? { question: `How does ${focus} relate to ${related}?`, missing: `How ${focus} relates to ${related}.` }
      : { question: `Which release first introduced ${focus}?`, missing: `The release that introduced ${focus}.` };
  }
  const contexts = passages(prompt).filter((passage) => /^context \d+/.test(passage.label));
  const sentences = contexts.map((context) => /^[\s\S]*?[.!?](?=\s|$)/.exec(context.text.trim())?.[0] ?? context.text.trim().slice(0, 200));
  const bridge = promptLine(prompt, 'Connect the contexts through').split('; ')[0];
  const question = bridge ? `How is ${focus} connected to ${bridge}?` : `What is stated about ${focus}?`;
  return { question: steeredQuestion(prompt, question, contexts.map((context) => context.text)), answer: sentences.join(' ') };
}

export async function startLexicalFake(options: { wellFormed?: boolean } = {}): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  const judges: Record<string, (prompt: string) => unknown> = { verification: lexicalVerdict, ablation: lexicalAblation, absence: lexicalAbsence, premise: lexicalPremise };
  fake.onChat((request, answer) => {
    const judge = judges[request.schemaName];
    if (judge) return judge(request.userText);
    const writes = request.schemaName === 'sample' && options.wellFormed && !('correcting_quote' in ((request.schema?.properties ?? {}) as object));
    return writes ? wellFormedAnswer(request) : answer();
  });
  return fake;
}
