/**
 * Default answers of the fake server for the verify stage (schema `verification`) and the
 * leave-one-out check (schema `ablation`): a judge that approves, quoting the first words of
 * every context block of the prompt, so each context supports a statement and every quote
 * is found. Tests that need a rejection script their own verdict with `onChat`.
 */

const CONTEXT_BLOCK = /<context number="(\d+)"[^>]*>\n([\s\S]*?)\n<\/context>/g;

export function contextBlocks(prompt: string): { number: number; text: string }[] {
  return [...prompt.matchAll(CONTEXT_BLOCK)].map((match) => ({ number: Number(match[1]), text: match[2] ?? '' }));
}

/** The first sentence of a context, or its first 80 characters. */
function opening(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return sentence.length <= 200 ? sentence : text.trim().slice(0, 80);
}

export function approvingVerdict(prompt: string) {
  return {
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
