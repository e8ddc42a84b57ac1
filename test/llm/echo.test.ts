import { describe, expect, it } from 'vitest';
import { answerRepeatsQuestion, echoesHints } from '../../src/llm/echo.js';
import { PersonaOutput } from '../../src/llm/tasks.js';
import { ModelPersona, PERSONA_SYSTEM_PROMPT } from '../../synthesizers/personas.js';
import { synthesisInstructions } from '../../synthesizers/prompt.js';
import { singleHopSpecific } from '../../synthesizers/single-hop-specific.js';

const HINTS = [PERSONA_SYSTEM_PROMPT, ...Object.values(PersonaOutput.shape).map((field) => field.description ?? '')];

describe('echoesHints', () => {
  it('catches labels copied from the schema hints or their examples (seen from a 0.5B model)', () => {
    expect(echoesHints('One or two sentences: who they are and what they want to know', HINTS)).toBe(true);
    expect(echoesHints('one or two sentences who they are and what they want to know.', HINTS)).toBe(true);
    expect(echoesHints('Network Operations Engineer', HINTS)).toBe(true);
    expect(echoesHints('A short role name', HINTS)).toBe(true);
    expect(echoesHints('A short role name (not a personal name)', HINTS)).toBe(true);
  });

  it('lets real labels through, even when they share a few words with the hints', () => {
    expect(echoesHints('Museum Curator', HINTS)).toBe(false);
    expect(echoesHints('Egyptology Student', HINTS)).toBe(false);
    expect(echoesHints('A graduate student of Egyptology who wants to know how the hieroglyphs were deciphered and by whom.', HINTS)).toBe(false);
    expect(echoesHints('', HINTS)).toBe(false);
  });
});

describe('echoesHints on synthesis questions', () => {
  const instructions = synthesisInstructions(singleHopSpecific);

  it('catches a question that starts with the task and drifts off (seen from SmolLM2-135M)', () => {
    const echo = 'Write one specific, factual question about the focus term that is given to the context passage in the context of a specific question.';
    expect(echoesHints(echo, instructions)).toBe(true);
  });

  it('lets questions through that share up to five words with an instruction', () => {
    expect(echoesHints('What is the Rosetta Stone made of?', instructions)).toBe(false);
    expect(echoesHints('Which claim about the Rosetta Stone is answerable from the contexts alone?', instructions)).toBe(false);
  });
});

describe('ModelPersona', () => {
  it('fails validation, naming the field, when the answer echoes the hints', () => {
    const echoed = ModelPersona.safeParse({ name: 'Network Operations Engineer', role_description: 'One or two sentences: who they are and what they want to know' });
    expect(echoed.success).toBe(false);
    expect(echoed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['name', 'role_description']);
    expect(ModelPersona.safeParse({ name: 'Museum Curator', role_description: 'Looks after the Egyptian collection and answers visitor questions.' }).success).toBe(true);
  });
});

describe('answerRepeatsQuestion', () => {
  it('catches an answer that is its question again (seen from SmolLM2-135M and Gemma 3 270M)', () => {
    expect(answerRepeatsQuestion('10 Jobs & Signals (zsh)', '10 Jobs & Signals (zsh)')).toBe(true);
    expect(answerRepeatsQuestion('1.1 Job & Signals', '1.1 job & signals.')).toBe(true);
    expect(answerRepeatsQuestion('champollion', 'Champollion')).toBe(true);
  });

  it('lets answers through that add anything, and never matches on punctuation alone', () => {
    expect(answerRepeatsQuestion('10.1 Jobs & Signals', '10 Jobs & Signals')).toBe(false);
    expect(answerRepeatsQuestion('Who deciphered the Rosetta Stone?', 'Champollion deciphered the Rosetta Stone.')).toBe(false);
    expect(answerRepeatsQuestion('?', '?')).toBe(false);
  });
});
