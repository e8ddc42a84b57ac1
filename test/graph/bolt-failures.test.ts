import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../graph/stores/open.js';
import { formatError, UnreachableError } from '../../src/errors.js';

/**
 * Servers that are not Neo4j at a Bolt URI: one accepts TCP and never says a word, one
 * answers HTTP (a Bolt URI pointing at port 7474). Each must end in one line and exit 4,
 * within the configured timeout, and the CLI process must exit. No Neo4j is needed.
 */

const servers: { server: Server; sockets: Set<Socket> }[] = [];

async function listen(onConnection: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `bolt://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const silentServer = () => listen(() => undefined);
const httpServer = () =>
  listen((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')));

afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

/**
 * Runs the real binary (through tsx) and resolves when the process has exited, with how long
 * it lived on after printing its error (start-up time varies too much on a loaded machine).
 */
function runBinary(args: string[]): Promise<{ code: number | null; stderr: string; lingered: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let printed = Date.now();
    child.stderr.on('data', (chunk) => {
      if (stderr === '') printed = Date.now();
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr, lingered: (Date.now() - printed) / 1000 }));
  });
}

describe('Neo4j URIs that do not speak Bolt', () => {
  it('a server that accepts TCP and never answers: one line within the timeout', async () => {
    const uri = await silentServer();
    const started = Date.now();
    const error = await failure(openStore({ kind: 'neo4j', uri, timeoutSeconds: 1 }));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(formatError(error)).toBe(
      `Neo4j at ${uri} did not answer within 1 s — check that the URI is the Bolt port of a running server, or raise --neo4j-timeout`,
    );
    // 1 s timeout; the bound is loose for a loaded machine, and far below the driver's own 60 s.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an HTTP port: one line naming the mistake', async () => {
    const uri = await httpServer();
    const error = await failure(openStore({ kind: 'neo4j', uri, timeoutSeconds: 5 }));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(formatError(error)).toBe(`Neo4j at ${uri} answered HTTP, not Bolt — use the Bolt port (7687 by default), e.g. bolt://localhost:7687`);
  });

  it('the CLI exits 4 with one line, and the process ends, for both', async () => {
    for (const uri of [await silentServer(), await httpServer()]) {
      const result = await runBinary(['generate', '--store', 'neo4j', '--neo4j-uri', uri, '--neo4j-timeout', '1', '-n', '1', '--provider', 'offline', '-o', 'unused.jsonl']);
      expect(result.code, result.stderr).toBe(4);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^ragset: Neo4j at bolt:\/\/127\.0\.0\.1:\d+ (did not answer within 1 s|answered HTTP, not Bolt) — /);
      // Without the exit guard the driver's half-open socket kept the process alive 40 s or more after the error.
      expect(result.lingered).toBeLessThan(15);
    }
  }, 120_000);

  it('--neo4j-timeout is checked against the store options schema', async () => {
    const result = await runBinary(['generate', '--store', 'neo4j', '--neo4j-uri', 'bolt://127.0.0.1:1', '--neo4j-timeout', '0', '-n', '1', '--provider', 'offline']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ragset: --neo4j-timeout: /);
  }, 60_000);
});
