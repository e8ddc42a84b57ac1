import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './fake-langsmith-multipart.js';

/**
 * A LangSmith API on 127.0.0.1 with the endpoints the `langsmith` SDK calls for datasets:
 * `GET /info`, `GET|POST /datasets`, `GET /examples`, and the multipart
 * `POST|PATCH /v1/platform/datasets/{id}/examples`. It keeps state, checks the API key,
 * records every request and can be told to fail a request.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  apiKey: string | undefined;
  tenantId: string | undefined;
  /** Parsed JSON body, or per-example parts for multipart bodies. */
  json?: unknown;
  examples?: UploadedExample[];
}

export interface UploadedExample {
  id: string;
  body: { created_at?: string; metadata?: Record<string, unknown>; split?: string | string[] };
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface FakeDataset {
  id: string;
  name: string;
  description: string | null;
  data_type: string;
  created_at: string;
}

export interface FakeExample {
  id: string;
  dataset_id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  created_at: string;
  modified_at: string;
}

export interface FakeLangSmithOptions {
  apiKey?: string;
  multipartEnabled?: boolean;
  /** Return a status and body to fail this request instead of serving it. */
  failWith?: (request: RecordedRequest) => { status: number; body: unknown } | undefined;
}

export interface FakeLangSmith {
  url: string;
  requests: RecordedRequest[];
  datasets: FakeDataset[];
  examples: Map<string, FakeExample>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

const FIXED_TIME = '2024-05-01T12:00:00.000000+00:00';

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Groups `<id>`, `<id>.inputs`, `<id>.outputs` parts into one record per example. */
function examplesFromParts(body: Buffer, contentType: string | undefined): UploadedExample[] {
  const byId = new Map<string, UploadedExample>();
  for (const part of parseMultipart(body, contentType)) {
    if (!part.contentType?.startsWith('application/json')) throw new HttpError(422, `part ${part.name} is not JSON`);
    const [id = '', field] = part.name.split(/\.(.*)/s);
    const value = JSON.parse(part.body.toString('utf8')) as Record<string, unknown>;
    const example = byId.get(id) ?? { id, body: {} };
    if (field === undefined) example.body = value;
    else if (field === 'inputs') example.inputs = value;
    else if (field === 'outputs') example.outputs = value;
    else throw new HttpError(422, `unexpected part ${part.name}`);
    byId.set(id, example);
  }
  return [...byId.values()];
}

function page<T>(items: T[], query: URLSearchParams): T[] {
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 100);
  return items.slice(offset, offset + limit);
}

function splitsOf(split: string | string[] | undefined): string[] {
  if (split === undefined) return ['base'];
  return Array.isArray(split) ? split : [split];
}

export async function startFakeLangSmith(options: FakeLangSmithOptions = {}): Promise<FakeLangSmith> {
  const apiKey = options.apiKey ?? 'lsv2_test_key';
  const requests: RecordedRequest[] = [];
  const datasets: FakeDataset[] = [];
  const examples = new Map<string, FakeExample>();
  let datasetCounter = 0;

  function datasetById(id: string): FakeDataset {
    const dataset = datasets.find((d) => d.id === id);
    if (!dataset) throw new HttpError(404, `Dataset ${id} not found`);
    return dataset;
  }

  function handle(recorded: RecordedRequest, rawBody: Buffer, contentType: string | undefined): [number, unknown] {
    const { method, path, query } = recorded;
    if (method === 'GET' && path === '/info') {
      return [200, { version: '0.10.40', instance_flags: { dataset_examples_multipart_enabled: options.multipartEnabled ?? true } }];
    }
    if (recorded.apiKey !== apiKey) throw new HttpError(401, 'Invalid token');
    if (method === 'GET' && path === '/datasets') {
      const name = query.get('name');
      return [200, page(datasets.filter((d) => name === null || d.name === name), query)];
    }
    if (method === 'POST' && path === '/datasets') {
      const body = recorded.json as { name: string; description?: string; data_type?: string };
      if (datasets.some((d) => d.name === body.name)) throw new HttpError(409, 'Dataset with this name already exists.');
      datasetCounter += 1;
      const dataset = {
        id: `00000000-0000-4000-8000-${String(datasetCounter).padStart(12, '0')}`,
        name: body.name,
        description: body.description ?? null,
        data_type: body.data_type ?? 'kv',
        created_at: FIXED_TIME,
      };
      datasets.push(dataset);
      return [200, dataset];
    }
    if (method === 'GET' && path === '/examples') {
      const datasetId = query.get('dataset') ?? '';
      datasetById(datasetId);
      return [200, page([...examples.values()].filter((e) => e.dataset_id === datasetId), query)];
    }
    const multipart = /^\/v1\/platform\/datasets\/([^/]+)\/examples$/.exec(path);
    if (multipart && (method === 'POST' || method === 'PATCH')) {
      const dataset = datasetById(multipart[1] ?? '');
      const uploaded = examplesFromParts(rawBody, contentType);
      recorded.examples = uploaded;
      for (const example of uploaded) {
        const current = examples.get(example.id);
        if (method === 'POST' && current) throw new HttpError(409, `Example ${example.id} already exists`);
        if (method === 'PATCH' && !current) throw new HttpError(404, `Example ${example.id} not found`);
        if (method === 'POST' && !example.inputs) throw new HttpError(422, `Example ${example.id} has no inputs`);
      }
      for (const example of uploaded) {
        const current = examples.get(example.id);
        examples.set(example.id, {
          id: example.id,
          dataset_id: dataset.id,
          inputs: example.inputs ?? current?.inputs ?? {},
          outputs: example.outputs ?? current?.outputs ?? null,
          metadata: { ...(example.body.metadata ?? current?.metadata ?? {}), dataset_split: splitsOf(example.body.split) },
          created_at: current?.created_at ?? FIXED_TIME,
          modified_at: FIXED_TIME,
        });
      }
      return [201, { example_ids: uploaded.map((e) => e.id), count: uploaded.length }];
    }
    throw new HttpError(404, `Not Found: ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const rawBody = await readBody(request);
      const contentType = request.headers['content-type'];
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        apiKey: header('x-api-key'),
        tenantId: header('x-tenant-id'),
      };
      requests.push(recorded);
      try {
        if (contentType?.startsWith('application/json') && rawBody.length > 0) recorded.json = JSON.parse(rawBody.toString('utf8'));
        const failure = options.failWith?.(recorded);
        if (failure) return send(response, failure.status, failure.body);
        const [status, body] = handle(recorded, rawBody, contentType);
        send(response, status, body);
      } catch (error) {
        if (error instanceof HttpError) send(response, error.status, { detail: error.message });
        else send(response, 400, { detail: `fake LangSmith could not parse the request: ${(error as Error).message}` });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    datasets,
    examples,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
