import type { Command } from 'commander';
import { z } from 'zod';
import { withExamples } from '../help.js';
import { parseFlags } from '../parse-flags.js';
import { addFlagsOf } from '../schema-options.js';

/**
 * `ragset review <testset> [--port N]`: a local page to accept, reject, edit and annotate
 * samples, each decision written into the testset at once. Runs until Ctrl-C (or SIGTERM);
 * stopping waits for the write in progress, so no confirmed decision is lost.
 */

const ReviewFlags = z.object({
  port: z.coerce.number('must be a port number').int('must be a port number').min(0).max(65535).optional().describe('port on 127.0.0.1 (default: a free one)'),
});

export interface ReviewSummary {
  path: string;
  counts: Record<string, number>;
}

export async function runReview(testset: string, rawFlags: Record<string, unknown>, context: { signal: AbortSignal; onListening: (url: string) => void }): Promise<ReviewSummary> {
  const flags = parseFlags(ReviewFlags, rawFlags, 'ragset review');
  const [{ openReviewSession }, { startReviewServer }] = await Promise.all([import('../../review/session.js'), import('../../review/server.js')]);
  const session = await openReviewSession(testset);
  const server = await startReviewServer(session, { port: flags.port ?? 0 });
  context.onListening(server.url);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  await session.flushed();
  const counts: Record<string, number> = { pending: 0, accepted: 0, rejected: 0, edited: 0 };
  for (const sample of session.samples()) {
    const status = sample.review?.status ?? 'pending';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return { path: session.path, counts };
}

export function registerReview(program: Command): void {
  const command = program
    .command('review')
    .description('review a testset in the browser: accept, reject, edit, note; every decision is saved into the file at once')
    .argument('<testset>', 'testset file (.jsonl, .json or .csv)');
  addFlagsOf(command, ReviewFlags, 'Input');
  withExamples(command, ['ragset review testset.jsonl', 'ragset review testset.csv --port 8080']);
  command.action(async (testset: string, rawFlags: Record<string, unknown>) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const summary = await runReview(testset, rawFlags, {
          signal: controller.signal,
          onListening: (url) => process.stdout.write(`reviewing ${testset}: open ${url}\n(only this URL works: it carries the access token; Ctrl-C stops, every decision is already saved)\n`),
        });
        const counts = Object.entries(summary.counts).map(([status, count]) => `${count} ${status}`).join(', ');
        process.stdout.write(`stopped; ${summary.path} has ${counts}\n`);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
