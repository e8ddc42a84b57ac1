/**
 * The `fetch` the OpenAI SDK is given: it returns only once the whole body has arrived, and
 * a 2xx only when that body is JSON. Two reasons:
 * - the SDK's timeout aborts its request signal until `fetch` returns, so reading the body
 *   here puts connect, headers and the whole body under that one deadline (a server that
 *   trickles bytes cannot stall a run past `--timeout`);
 * - a body cut mid-stream, or a 200 carrying HTML, nothing or broken JSON (proxies, load
 *   balancers, restarting servers) fails here as a `ResponseBodyError`, which the SDK hands
 *   back as the cause of a connection error and the client retries like a 5xx.
 */
export class ResponseBodyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResponseBodyError';
  }
}

/** How much of a bad body an error message quotes. */
const QUOTED_CHARS = 80;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > QUOTED_CHARS ? `${flat.slice(0, QUOTED_CHARS)}…` : flat);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export async function wholeBodyFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // An abort (the deadline or the caller) stays an abort, so it reads as a timeout upstream.
    if (init?.signal?.aborted) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new ResponseBodyError(`the response body was cut off (${why})`, { cause: error });
  }
  if (response.ok && !isJson(text)) {
    const what = text.trim() === '' ? 'an empty body' : `a body that is not JSON: ${quote(text)}`;
    throw new ResponseBodyError(`HTTP ${response.status} with ${what}`);
  }
  const headers = new Headers(response.headers);
  // The text is already decoded and complete; its original framing no longer applies.
  headers.delete('content-encoding');
  headers.delete('content-length');
  if (response.ok) headers.set('content-type', 'application/json');
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}
