import { z } from 'zod';

/**
 * The structured tasks the pipeline asks a model to do, as data: each has an input schema
 * (what the prompt is rendered from, also handed to the offline provider through
 * `ChatRequest.task`) and an output schema (what the answer must parse as). Prompts live
 * beside the stages that own them (graph/builder/extract.ts, synthesizers/).
 *
 * Output schemas carry no hard `max` limits: a model that returns 11 keyphrases instead of
 * 10 should not cost a repair call; stages cap lists after parsing instead.
 */

export const EXTRACT_TASK = 'extract';
export const PERSONA_TASK = 'persona';
export const SYNTHESIZE_TASK = 'synthesize';

export const ExtractInput = z.object({
  title: z.string(),
  headings: z.array(z.string()),
  text: z.string(),
});
export type ExtractInput = z.infer<typeof ExtractInput>;

export const ExtractedEntity = z.object({
  name: z.string().min(1).describe('The entity as written in the text'),
  type: z
    .string()
    .describe('One of PERSON, ORGANIZATION, LOCATION, PRODUCT, TECHNOLOGY, EVENT, WORK, LAW, CONCEPT, OTHER'),
});

export const Extraction = z.object({
  summary: z.string().min(1).describe('Two or three sentences summarising the passage'),
  headlines: z.array(z.string()).describe('Up to 5 section headlines the passage covers'),
  keyphrases: z.array(z.string()).describe('Up to 10 key phrases from the passage'),
  entities: z.array(ExtractedEntity).describe('Up to 15 named entities mentioned in the passage'),
  themes: z.array(z.string()).describe('Up to 5 short themes (1-3 words) of the passage'),
});
export type Extraction = z.infer<typeof Extraction>;

export const PersonaInput = z.object({
  /** Summaries of the chunks in one cluster, most central first. */
  summaries: z.array(z.string()),
  keyphrases: z.array(z.string()),
  /** Names already taken, so the model picks a new one. */
  takenNames: z.array(z.string()),
});
export type PersonaInput = z.infer<typeof PersonaInput>;

export const PersonaOutput = z.object({
  name: z.string().min(1).describe('A short role name, e.g. "Network Operations Engineer"'),
  role_description: z.string().min(1).describe('One or two sentences: who they are and what they want to know'),
});
export type PersonaOutput = z.infer<typeof PersonaOutput>;

export const SynthesizeContext = z.object({
  /** Chunk id, so answers can be traced. */
  id: z.string(),
  title: z.string(),
  text: z.string(),
});

/** A category the sample must fit (a user-declared dimension, synthesizers/categories.ts). */
export const RequestedCategory = z.object({ dimension: z.string(), name: z.string(), description: z.string() });
export type RequestedCategory = z.infer<typeof RequestedCategory>;

export const SynthesizeInput = z.object({
  synthesizer: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
  persona: z.object({ name: z.string(), role_description: z.string() }),
  style: z.string(),
  length: z.string(),
  /** Entities, keyphrases or themes the question should be about. */
  focus: z.array(z.string()),
  /** Canonical entities (multi-hop specific) or themes (abstract) that join the contexts. */
  bridge: z.array(z.string()),
  /** Language to write in; null means the language of the contexts. */
  language: z.string().nullable(),
  /** Phrase the question in other words than the contexts' (a hard retrieval question). */
  paraphrase: z.boolean().default(false),
  /** The contexts' rarest terms, to be named by the question (an easy retrieval question); absent when not asked. */
  keyTerms: z.array(z.string()).optional(),
  /** The contexts' rarest terms, which a paraphrased question must not use; absent when not asked. */
  avoidTerms: z.array(z.string()).optional(),
  categories: z.array(RequestedCategory).default([]),
  /** What kind of question to write; absent means `answerable` (older cache keys stay valid). */
  questionType: z.enum(['unanswerable', 'false_premise']).optional(),
  /** Also write an unfaithful answer and name its unsupported statements (`--faithfulness-pairs`). */
  faithfulnessPairs: z.literal(true).optional(),
});
export type SynthesizeInput = z.infer<typeof SynthesizeInput>;

/**
 * What a question asks of the corpus: `answerable` from its contexts, `unanswerable` (the
 * corpus does not say; the reference is a refusal), or `false_premise` (the question takes for
 * granted something its context contradicts; the reference corrects it).
 */
export const QUESTION_TYPES = ['answerable', 'unanswerable', 'false_premise'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SynthesizeOutput = z.object({
  question: z.string().min(1).describe('The question the persona would ask'),
  answer: z.string().min(1).describe('The reference answer, using only facts from the contexts'),
});
export type SynthesizeOutput = z.infer<typeof SynthesizeOutput>;

export const UnanswerableOutput = z.object({
  question: z.string().min(1).describe('A question in the domain of the contexts that the persona would ask, which the contexts do not answer'),
  missing: z.string().min(1).describe('What the question asks for that the contexts do not state, in one short sentence (at most 30 words)'),
});

/** Quote first, then the premise it contradicts, then the question built on that premise. */
export const FalsePremiseOutput = z.object({
  correcting_quote: z.string().min(1).describe('Words copied exactly from the context (one sentence or less) that state the fact the premise gets wrong'),
  premise: z.string().min(1).describe('The false claim, as one short statement: the quoted fact with one detail changed (a number, version, default, name) or negated'),
  question: z.string().min(1).describe('A question the persona would ask that takes the premise for granted without stating that it might be wrong'),
  answer: z.string().min(1).describe('The reference answer: says the premise is wrong and states what the context says instead'),
});

export const FaithfulnessPairOutput = z.object({
  unfaithful_answer: z.string().min(1).describe('A fluent, confident answer to the question that adds or changes facts the contexts do not support'),
  unsupported_statements: z.array(z.string().min(1)).min(1).describe('Each statement of unfaithful_answer that the contexts do not support, copied from it'),
});

/** The output schema of one synthesis call: by question type, plus the unfaithful answer when asked for. */
export function synthesizeOutputSchema(questionType: QuestionType, faithfulnessPairs: boolean): z.ZodType<SynthesisOutput> {
  const base = { answerable: SynthesizeOutput, unanswerable: UnanswerableOutput, false_premise: FalsePremiseOutput }[questionType];
  return faithfulnessPairs ? base.extend(FaithfulnessPairOutput.shape) : base;
}

/** Any synthesis output, as the pipeline reads it after the call's own schema validated it. */
export type SynthesisOutput = { question: string } & Partial<
  z.infer<typeof SynthesizeOutput> & z.infer<typeof UnanswerableOutput> & z.infer<typeof FalsePremiseOutput> & z.infer<typeof FaithfulnessPairOutput>
>;

export const VERIFY_TASK = 'verify';
export const ABLATION_TASK = 'ablation';

/** One candidate sample as the verifier sees it: the question, the reference answer, the contexts once, what was asked for. */
export const VerifyInput = z.object({
  synthesizer: z.string(),
  question: z.string(),
  answer: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
  persona: z.object({ name: z.string(), role_description: z.string() }),
  style: z.string(),
  length: z.string(),
  categories: z.array(RequestedCategory).default([]),
});
export type VerifyInput = z.infer<typeof VerifyInput>;

/**
 * `context` is any number, not an integer: the quote is looked for in every context anyway
 * (synthesizers/verify/support.ts), so a miscount (0, 2.5, 1e20) only reorders the search and
 * must not fail the reply, which would throw away the verdicts beside it.
 */
export const SupportQuote = z.object({
  context: z.number().describe('Number of the context the quote is copied from (1, 2, ...)'),
  quote: z.string().describe('Words copied exactly from that context (at most about 30 words), not rewritten'),
});
export type SupportQuote = z.infer<typeof SupportQuote>;

export const StatementSupport = z.object({
  statement: z.string().describe('One statement of the reference answer'),
  quotes: z.array(SupportQuote).describe('Short quotes from the contexts that support the statement; empty when nothing supports it'),
});
export type StatementSupport = z.infer<typeof StatementSupport>;

/** Support first, verdicts after: the model quotes before it judges. */
export const VerifyOutput = z.object({
  statements: z.array(StatementSupport).describe('Every statement the reference answer makes, in order'),
  answerable: z.boolean().describe('True when the contexts alone contain everything needed to answer the question'),
  standalone: z.boolean().describe('True when the question makes sense to someone who never saw the contexts (it does not refer to "the passage", "the text", "this document"...)'),
  style_followed: z.boolean().describe('True when the question is written in the requested query style'),
  length_followed: z.boolean().describe('True when the question has roughly the requested length'),
  persona_fits: z.boolean().describe('True when the requested persona could plausibly ask this question'),
  problem: z.string().describe('When any verdict is false or a statement is unsupported: what is wrong, in one short sentence (at most 30 words); otherwise empty'),
});
export type VerifyOutput = z.infer<typeof VerifyOutput>;

/**
 * The verdicts when the sample was written for categories: the same call also judges each
 * one. A dimension the judge leaves out is recorded as not judged (null), never as followed.
 */
export const VerifyCategoriesOutput = VerifyOutput.extend({
  categories_followed: z
    .array(z.object({ dimension: z.string().describe('The dimension, as named in the request'), followed: z.boolean().describe('True when the question fits the requested category of that dimension') }))
    .describe('One verdict per requested category'),
});
export type VerifyCategoriesOutput = z.infer<typeof VerifyCategoriesOutput>;

/** Leave-one-out: the question and reference answer, with one context withheld. */
export const AblationInput = z.object({
  question: z.string(),
  answer: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
});
export type AblationInput = z.infer<typeof AblationInput>;

export const AblationOutput = z.object({
  answer: z.string().describe('The answer to the question using only the contexts given here'),
  complete: z.boolean().describe('True when that answer states every fact of the reference answer'),
});
export type AblationOutput = z.infer<typeof AblationOutput>;

export const ABSENCE_TASK = 'absence';

/** An unanswerable question and the chunks that rank nearest to it: does any of them answer it? */
export const AbsenceInput = z.object({
  question: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
  persona: z.object({ name: z.string(), role_description: z.string() }),
  style: z.string(),
  length: z.string(),
});
export type AbsenceInput = z.infer<typeof AbsenceInput>;

/** Quotes first, verdict after, as in the verify task. */
export const AbsenceOutput = z.object({
  answering_quotes: z.array(SupportQuote).describe('Short quotes from the contexts that answer the question, fully or in part; empty when none does'),
  answered: z.boolean().describe('True when any context answers the question, fully or in part'),
  standalone: z.boolean().describe('True when the question makes sense to someone who never saw the contexts'),
  style_followed: z.boolean().describe('True when the question is written in the requested query style'),
  length_followed: z.boolean().describe('True when the question has roughly the requested length'),
  persona_fits: z.boolean().describe('True when the requested persona could plausibly ask this question'),
  problem: z.string().describe('When a context answers the question or any verdict is false: what, in one short sentence (at most 30 words); otherwise empty'),
});
export type AbsenceOutput = z.infer<typeof AbsenceOutput>;

export const PREMISE_TASK = 'premise';

/**
 * A false-premise question, the premise it takes for granted, the passage the writer cites as
 * contradicting it, and its contexts: is the premise really false there?
 */
export const PremiseInput = z.object({
  question: z.string(),
  premise: z.string(),
  /** The cited text: `document.text.slice(start, end)` of the sample's span. */
  cited: z.string(),
  answer: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
  persona: z.object({ name: z.string(), role_description: z.string() }),
  style: z.string(),
  length: z.string(),
});
export type PremiseInput = z.infer<typeof PremiseInput>;

/** Quotes first, verdicts after, as in the verify task. */
export const PremiseOutput = z.object({
  stating_quotes: z.array(SupportQuote).describe('Short quotes from the contexts that state the premise as true, fully or in part; empty when none does'),
  premise_stated: z.boolean().describe('True when any context states the premise as true'),
  cited_contradicts: z.boolean().describe('True when the cited passage shows the premise is false'),
  question_assumes: z.boolean().describe('True when the question takes the premise for granted (it presupposes it rather than asking whether it holds)'),
  standalone: z.boolean().describe('True when the question makes sense to someone who never saw the contexts'),
  style_followed: z.boolean().describe('True when the question is written in the requested query style'),
  length_followed: z.boolean().describe('True when the question has roughly the requested length'),
  persona_fits: z.boolean().describe('True when the requested persona could plausibly ask this question'),
  problem: z.string().describe('When any verdict is wrong for a false-premise question: what, in one short sentence (at most 30 words); otherwise empty'),
});
export type PremiseOutput = z.infer<typeof PremiseOutput>;
