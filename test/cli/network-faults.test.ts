import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import type { StageUsage } from '../../src/llm/types.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import type { TransportFaultMode } from '../support/fake-openai/transport-faults.js';
import { runCli } from '../support/run-cli.js';

/**
 * `ragset generate` end to end against a faulty OpenAI-compatible server: every transient
 * transport fault still gives exactly N samples, in bounded time; a refused key or nothing
 * listening ends the run with one line and exit 4.
 */

const CORPUS = resolve('test/fixtures/corpus');
const N = 6;
/** The scaled-down `--timeout`: far above an answer of the fake server, far below the test timeout. */
const TIMEOUT_S = 2;
let fake: FakeOpenAI;
let dir: string;
const savedEnv = { ...process.env };

interface Usage {
  stages: Record<string, StageUsage>;
  total: StageUsage;
}
/** The `--json` report: usage of the graph build and of the generation. */
interface Report {
  build: { usage: Usage };
  report: { usage: Usage };
}

async function generate(name: string, extra: string[] = []) {
  const out = join(dir, `${name}.jsonl`);
  const started = Date.now();
  // --no-report: the HTML report embeds the questions after the usage report is taken, so its calls would go uncounted here.
  const run = await runCli(['generate', CORPUS, '-n', String(N), '-o', out, '--no-cache', '--no-report', '--timeout', String(TIMEOUT_S), '--json', ...extra]);
  return { ...run, out, seconds: (Date.now() - started) / 1000 };
}

const samplesIn = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Sample.parse(JSON.parse(line)));

/** Retries and timeouts over the whole run. */
function totalUsage(stdout: string): { retries: number; timeouts: number } {
  const { build, report } = JSON.parse(stdout) as Report;
  return { retries: build.usage.total.retries + report.usage.total.retries, timeouts: build.usage.total.timeouts + report.usage.total.timeouts };
}

let faultFreeSeconds = 0;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_API_KEY = 'test-key';
  dir = mkdtempSync(join(tmpdir(), 'ragset-network-'));
  const clean = await generate('fault-free');
  expect(clean.code).toBe(0);
  faultFreeSeconds = clean.seconds;
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.setFaults({});
});

describe('transient faults: exactly N samples', () => {
  const modes: TransportFaultMode[] = ['truncate', 'invalid-json', 'html', 'empty', 'trickle', 'hang', 'reset'];
  it.each(modes)('%s on a fifth of the requests', async (mode) => {
    fake.setFaults({ transport: { mode, rate: 0.2, times: 1, byteIntervalMs: 1000 } });
    const run = await generate(mode);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(samplesIn(run.out)).toHaveLength(N);
    expect(fake.counters.faults).toBeGreaterThan(0);
    expect(totalUsage(run.stdout).retries).toBe(fake.counters.faults);
    // Each stage waits at most one timeout (and a backoff) for its slowest retried request.
    expect(run.seconds).toBeLessThan(faultFreeSeconds + 6 * (TIMEOUT_S + 2) + 20);
  });

  it('5 % hanging requests cost at most about two timeouts over the fault-free run', async () => {
    fake.setFaults({ transport: { mode: 'hang', every: 20, times: 1 } });
    const run = await generate('hang-5');
    expect(run.code).toBe(0);
    expect(samplesIn(run.out)).toHaveLength(N);
    expect(fake.counters.faults).toBeGreaterThan(0);
    expect(totalUsage(run.stdout).timeouts).toBe(fake.counters.faults);
    // Generous: the machine is shared; the bound that matters is "not one timeout per hung request in a row".
    expect(run.seconds).toBeLessThan(faultFreeSeconds + 2 * (TIMEOUT_S + 1) + 10);
  });
});

describe('configuration failures: one line, exit 4', () => {
  it('401 refused key', async () => {
    fake.setFaults({ transport: { mode: 'unauthorized', rate: 1, times: Infinity } });
    const run = await generate('unauthorized');
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ragset: the LLM endpoint at .* refused the request \(HTTP 401\) — check OPENAI_API_KEY/);
    expect(run.seconds).toBeLessThan(20);
  });

  it('a server that never answers', async () => {
    fake.setFaults({ transport: { mode: 'hang', rate: 1, times: Infinity } });
    const run = await generate('never-answers', ['--max-retries', '1']);
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ragset: the LLM endpoint at .* has answered none of 3 requests .*timed out after 2 s.* — check that the server is up/);
    // Three requests, two attempts each, concurrently: a few timeouts, not one per chunk.
    expect(run.seconds).toBeLessThan(6 * (TIMEOUT_S + 2) + 10);
  });

  it('connection refused (nothing listening)', async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    process.env.OPENAI_BASE_URL = gone.baseURL;
    try {
      const run = await generate('refused', ['--max-retries', '2']);
      expect(run.code).toBe(4);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^ragset: cannot reach the LLM endpoint at .*ECONNREFUSED.* — start the server/);
      expect(run.seconds).toBeLessThan(20);
    } finally {
      process.env.OPENAI_BASE_URL = fake.baseURL;
    }
  });
});
