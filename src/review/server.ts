import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { escapeHtml, inlineScript, ownAsset } from '../report/assets.js';
import { describeIssues } from '../testset/read.js';
import { Decision } from './decision.js';
import type { ReviewSession } from './session.js';

/**
 * The review page's server: 127.0.0.1 only, and every request must carry the random token
 * printed with the URL (query `token` or header `x-ragset-token`), or it gets 403. The Host
 * header must name the loopback address too, so another site cannot reach it by DNS rebinding.
 */

export const ReviewServerOptions = z.object({
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
});
export type ReviewServerOptions = z.input<typeof ReviewServerOptions>;

export interface ReviewServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY = 1_000_000;
const CSP = "default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, value: unknown) => send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function page(session: ReviewSession): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ragset review: ${escapeHtml(session.path)}</title>
<style>${ownAsset('review/review.css')}</style>
</head>
<body>
<main id="review"><noscript>The review page needs JavaScript.</noscript></main>
<script>${inlineScript(ownAsset('shared/dom.js'))}</script>
<script>${inlineScript(ownAsset('review/review.js'))}</script>
</body>
</html>
`;
}

async function handle(session: ReviewSession, token: string, port: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${HOST}:${port}`);
  const host = request.headers.host;
  const header = request.headers['x-ragset-token'];
  const given = url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined);
  if ((host !== `${HOST}:${port}` && host !== `localhost:${port}`) || !sameSecret(given, token)) {
    return send(response, 403, 'forbidden: open the URL that `ragset review` printed (it carries the token)\n');
  }
  if (request.method === 'GET' && url.pathname === '/') return send(response, 200, page(session), 'text/html; charset=utf-8');
  if (request.method === 'GET' && url.pathname === '/api/samples') return sendJson(response, 200, { path: session.path, samples: session.samples() });
  const match = /^\/api\/samples\/([^/]+)$/.exec(url.pathname);
  if (request.method === 'POST' && match) {
    let json: unknown;
    try {
      json = JSON.parse(await readBody(request));
    } catch (error) {
      return sendJson(response, 400, { error: `not JSON: ${(error as Error).message}` });
    }
    const decision = Decision.safeParse(json);
    if (!decision.success) return sendJson(response, 400, { error: describeIssues(decision.error) });
    const result = await session.decide(decodeURIComponent(match[1] as string), decision.data);
    if (!result) return sendJson(response, 404, { error: 'no sample with that id' });
    if (!result.ok) return sendJson(response, 409, { error: result.reason });
    return sendJson(response, 200, { sample: result.sample });
  }
  return send(response, 404, 'not found\n');
}

export async function startReviewServer(session: ReviewSession, options: ReviewServerOptions = {}): Promise<ReviewServer> {
  const { port: wanted } = ReviewServerOptions.parse(options);
  const token = randomBytes(18).toString('base64url');
  let port = wanted;
  const server = createServer((request, response) => {
    handle(session, token, port, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: `not saved: ${(error as Error).message}` });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${wanted} is in use`, 'pass another --port, or leave it out for a free one') : error),
    );
    server.listen(wanted, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
