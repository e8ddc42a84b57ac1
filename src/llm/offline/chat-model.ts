import { z } from 'zod';
import { ApiCallError } from '../api-error.js';
import { ABLATION_TASK, ABSENCE_TASK, AbsenceInput, AblationInput, EXTRACT_TASK, ExtractInput, PERSONA_TASK, PersonaInput, PREMISE_TASK, PremiseInput, SYNTHESIZE_TASK, SynthesizeInput, VERIFY_TASK, VerifyInput } from '../tasks.js';
import type { ChatModel, ChatRequest, ChatResult } from '../types.js';
import { offlineAbsence } from './absence.js';
import { offlineExtract } from './extract.js';
import { offlineSynthesize } from './generate.js';
import { offlinePersona } from './persona.js';
import { offlinePremise } from './premise.js';
import { words } from './tokenize.js';
import { offlineAblation, offlineVerify } from './verify.js';

/**
 * The offline chat model: it answers the pipeline's typed tasks (`request.task`) with
 * classical NLP instead of a language model, and returns JSON text like a remote model, so
 * the client validates, caches and accounts for it the same way. Token counts are word
 * counts. A request it cannot answer fails as a non-retryable API error, which the client
 * records as that item's failure reason.
 */

const ENDPOINT = 'offline';

const TASKS: Record<string, { input: z.ZodType; run: (input: never) => unknown }> = {
  [EXTRACT_TASK]: { input: ExtractInput, run: offlineExtract },
  [PERSONA_TASK]: { input: PersonaInput, run: offlinePersona },
  [SYNTHESIZE_TASK]: { input: SynthesizeInput, run: offlineSynthesize },
  [VERIFY_TASK]: { input: VerifyInput, run: offlineVerify },
  [ABLATION_TASK]: { input: AblationInput, run: offlineAblation },
  [ABSENCE_TASK]: { input: AbsenceInput, run: offlineAbsence },
  [PREMISE_TASK]: { input: PremiseInput, run: offlinePremise },
};

function refusal(message: string, cause?: unknown): ApiCallError {
  return new ApiCallError(`offline provider: ${message}`, { kind: 'response', endpoint: ENDPOINT, cause });
}

function answer(request: ChatRequest): string {
  const task = request.task;
  if (!task) {
    throw refusal('this request carries no task, and free-form prompts need a language model', undefined);
  }
  const handler = TASKS[task.name];
  if (!handler) {
    throw refusal(`unknown task "${task.name}" (it answers ${Object.keys(TASKS).join(', ')}); use an LLM endpoint for it`);
  }
  const parsed = handler.input.safeParse(task.input);
  if (!parsed.success) {
    throw refusal(`invalid ${task.name} input: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`);
  }
  try {
    return JSON.stringify(handler.run(parsed.data as never));
  } catch (error) {
    throw refusal(`${task.name} failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

export function createOfflineChatModel(): ChatModel {
  return {
    provider: 'offline',
    modelId: 'offline',
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    async doChat(request, options = {}): Promise<ChatResult> {
      if (options.signal?.aborted) throw new ApiCallError('offline provider: aborted', { kind: 'aborted', endpoint: ENDPOINT });
      const text = answer(request);
      const promptTokens = request.messages.reduce((sum, message) => sum + words(message.content).length, 0);
      return { text, usage: { promptTokens, completionTokens: words(text).length } };
    },
  };
}
