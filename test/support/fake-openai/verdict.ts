/**
 * Default answers of the fake server for the verify stage (schema `verification`) and the
 * leave-one-out check (schema `ablation`): a judge that approves, quoting the first words of
 * every context block of the prompt, so each context supports a statement and every quote
 * is found. Tests that need a rejection script their own verdict with `onChat`.
 */

/** A fenced passage of the verify and ablation prompts (src/llm/fence.ts): label and text. */
const PASSAGE = /^<<<BEGIN (\w+) ([^\n]*)>>>\n([\s\S]*?)\n<<<END \1>>>$/gm;

export function passages(prompt: string): { label: string; text: string }[] {
  return [...prompt.matchAll(PASSAGE)].map((match) => ({ label: match[2] ?? '', text: match[3] ?? '' }));
}

export function contextBlocks(prompt: string): { number: number; text: string }[] {
  return passages(prompt).flatMap(({ label, text }) => {
    const number = /^context (\d+),/.exec(label)?.[1];
    return number === undefined ? [] : [{ number: Number(number), text }];
  });
}

/** The first sentence of a context, or its first 80 characters. */
function opening(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return sentence.length <= 200 ? sentence : text.trim().slice(0, 80);
}

/** The dimensions of the categories a prompt asks for (synthesizers/prompt.ts `categoryLines`). */
export function requestedDimensions(prompt: string): string[] {
  return [...prompt.matchAll(/^- ("(?:[^"\\]|\\.)*"): "/gm)].map((match) => JSON.parse(match[1] as string) as string);
}

export function approvingVerdict(prompt: string) {
  const dimensions = requestedDimensions(prompt);
  return {
    ...(dimensions.length > 0 ? { categories_followed: dimensions.map((dimension) => ({ dimension, followed: true })) } : {}),
    statements: contextBlocks(prompt).map((block) => ({ statement: `What context ${block.number} states`, quotes: [{ context: block.number, quote: opening(block.text) }] })),
    answerable: true,
    standalone: true,
    style_followed: true,
    length_followed: true,
    persona_fits: true,
    problem: '',
  };
}

/** Every context is needed: without any one of them the answer is incomplete. */
export function incompleteAblation() {
  return { answer: 'Only part of the answer is in these contexts.', complete: false };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The reference answer of a verify or ablation prompt. */
export function referenceAnswer(prompt: string): string {
  return passages(prompt).find((passage) => passage.label === 'reference answer')?.text ?? '';
}

function answerSentences(prompt: string): string[] {
  return referenceAnswer(prompt)
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/**
 * A scripted judge that checks instead of approving: each answer sentence is a statement,
 * quoted from the context block that contains it, and left unsupported when none does.
 * Used by benchmarks to get real rejections from the fake endpoint (whose answers are
 * sentences drawn from anywhere in the prompt, headers included).
 */
export function lexicalVerdict(prompt: string) {
  const blocks = contextBlocks(prompt);
  const statements = answerSentences(prompt).map((sentence) => {
    const holder = blocks.find((block) => squash(block.text).includes(squash(sentence)));
    return { statement: sentence, quotes: holder ? [{ context: holder.number, quote: sentence }] : [] };
  });
  const grounded = statements.length > 0 && statements.every((s) => s.quotes.length > 0);
  return { ...approvingVerdict(prompt), statements, answerable: grounded, problem: grounded ? '' : 'a sentence of the answer is in no context' };
}

/** Leave-one-out, lexically: complete when every answer sentence is still in a remaining context. */
export function lexicalAblation(prompt: string) {
  const texts = contextBlocks(prompt).map((block) => squash(block.text));
  const sentences = answerSentences(prompt);
  const kept = sentences.filter((sentence) => texts.some((text) => text.includes(squash(sentence))));
  return { answer: kept.join(' '), complete: sentences.length > 0 && kept.length === sentences.length };
}
