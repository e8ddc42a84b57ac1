import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from './fake-openai.js';

/**
 * One fake server per test file: started before all tests, closed after, and before each
 * test reset (counters, recorded requests) with no faults and no custom responder.
 * Returns a handle usable at module level; it forwards to the running server.
 */
export function useFakeOpenAI(options: FakeOpenAIOptions = {}): FakeOpenAI {
  let server: FakeOpenAI | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAI(options);
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  beforeEach(() => {
    server?.reset();
    server?.setFaults({});
    server?.onChat(undefined);
  });
  return new Proxy({} as FakeOpenAI, {
    get(_target, key) {
      if (!server) throw new Error('the fake OpenAI server runs only inside tests (beforeAll has not run yet)');
      return Reflect.get(server, key);
    },
  });
}
