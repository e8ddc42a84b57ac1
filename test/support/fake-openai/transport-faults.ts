import type { IncomingMessage, ServerResponse } from 'node:http';
import { sha256 } from '../../../src/hash.js';

/**
 * Transport faults of the fake server: what flaky proxies, load balancers and restarting
 * model servers do to an answer. Which requests are hit is decided by a hash of the request
 * (endpoint + body), so the same requests fail on every run whatever the concurrency and
 * timing — or, for an exact share, by the order distinct requests arrive in. A retry of a
 * hit request carries the same body and is answered normally once the request has failed
 * `times` times.
 */
export type TransportFaultMode =
  /** 200 with the full Content-Length, half the body, then the connection is destroyed. */
  | 'truncate'
  /** 200, application/json, a complete body that is not valid JSON. */
  | 'invalid-json'
  /** 200 with a proxy's HTML error page. */
  | 'html'
  /** 200 with an empty body. */
  | 'empty'
  /** 200 whose body arrives one byte every `byteIntervalMs`. */
  | 'trickle'
  /** Never answers: headers and body never come. */
  | 'hang'
  /** The connection is reset before any answer. */
  | 'reset'
  /** 401 invalid API key. */
  | 'unauthorized';

export const TRANSPORT_FAULT_MODES: readonly TransportFaultMode[] = ['truncate', 'invalid-json', 'html', 'empty', 'trickle', 'hang', 'reset', 'unauthorized'];

export interface TransportFault {
  mode: TransportFaultMode;
  /** Share of distinct requests hit, 0..1 (1: every request), picked by a hash of the request. */
  rate?: number;
  /** Instead of `rate`: every n-th distinct request in arrival order (an exact share, e.g. 20 for 5 %). */
  every?: number;
  /** Failed attempts of one hit request before it is answered normally (default 1; Infinity: always). */
  times?: number;
  /** trickle: milliseconds between bytes (default 1000). */
  byteIntervalMs?: number;
}

/** Decides per request whether the fault hits, counting attempts per distinct request. */
export function createFaultPicker(fault: TransportFault): (key: string) => boolean {
  const attempts = new Map<string, number>();
  const arrival = new Map<string, number>();
  const times = fault.times ?? 1;
  const picked = (key: string) => {
    if (fault.every !== undefined) {
      if (!arrival.has(key)) arrival.set(key, arrival.size + 1);
      return (arrival.get(key) as number) % fault.every === 0;
    }
    return Number.parseInt(sha256(key).slice(0, 8), 16) / 0x1_0000_0000 < (fault.rate ?? 0);
  };
  return (key) => {
    if (!picked(key)) return false;
    const seen = attempts.get(key) ?? 0;
    attempts.set(key, seen + 1);
    return seen < times;
  };
}

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n';

/** Sends the fault in place of `body`, the answer the request would have had. */
export function sendTransportFault(fault: TransportFault, req: IncomingMessage, res: ServerResponse, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  switch (fault.mode) {
    case 'truncate':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
      return;
    case 'invalid-json': {
      const broken = `${body.slice(0, Math.floor(body.length / 2))}\u0000}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(broken);
      return;
    }
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML_PAGE);
      return;
    case 'empty':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
      return;
    case 'trickle': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= bytes.length || res.destroyed) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(bytes.subarray(sent, sent + 1));
        sent += 1;
      }, fault.byteIntervalMs ?? 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'hang':
      // Nothing is sent; the socket stays open until the client gives up or the server closes.
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'unauthorized':
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }));
      return;
  }
}
