import type { Client } from 'langsmith';
import { UsageError } from '../../errors.js';
import type { Sample } from '../sample.js';
import { toLangSmithError } from './langsmith-errors.js';
import {
  CONTENT_HASH_KEY,
  DEFAULT_LANGSMITH_ENDPOINT,
  type LangSmithExamplePlan,
  LangSmithExportOptions,
  planLangSmithExport,
  type ResolvedLangSmithExportOptions,
} from './langsmith-plan.js';

/**
 * Applies a LangSmith plan through the official SDK: find or create the dataset, list the
 * examples it already has, then create the missing ones and update the changed ones in
 * batches. Each batch is one multipart request; a failure reports how many were written.
 */

export interface LangSmithExportResult {
  datasetId: string;
  /** True when this export created the dataset. */
  created: boolean;
  /** Examples created or updated. */
  written: number;
  /** Of `written`, the examples that existed and were updated because their content changed. */
  updated: number;
  /** Examples already in the dataset with the same content. */
  skipped: number;
}

export interface LangSmithConnection {
  endpoint: string;
  apiKey: string;
  workspaceId: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Options first, then LANGSMITH_* variables; no key is a usage error naming the variable. */
export function resolveConnection(
  options: Pick<ResolvedLangSmithExportOptions, 'apiKey' | 'endpoint' | 'workspaceId'>,
  env: NodeJS.ProcessEnv = process.env,
): LangSmithConnection {
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env.LANGSMITH_API_KEY);
  if (!apiKey) throw new UsageError('LANGSMITH_API_KEY is not set', 'export LANGSMITH_API_KEY=<your key>, or use --dry-run');
  const endpoint = (nonEmpty(options.endpoint) ?? nonEmpty(env.LANGSMITH_ENDPOINT) ?? DEFAULT_LANGSMITH_ENDPOINT).replace(/\/+$/, '');
  if (!URL.canParse(endpoint)) throw new UsageError(`LANGSMITH_ENDPOINT is not a URL: ${endpoint}`, 'use e.g. https://api.smith.langchain.com');
  return { endpoint, apiKey, workspaceId: nonEmpty(options.workspaceId) ?? nonEmpty(env.LANGSMITH_WORKSPACE_ID) };
}

/**
 * The SDK retries a refused connection with backoff for many seconds and then reports a
 * missing feature, so one plain request to `/info` first tells "unreachable" apart fast.
 * The SDK only uploads examples when the server announces the multipart endpoint.
 */
async function checkServer(connection: LangSmithConnection, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': connection.apiKey };
  if (connection.workspaceId) headers['x-tenant-id'] = connection.workspaceId;
  const response = await fetch(`${connection.endpoint}/info`, { headers, signal: AbortSignal.timeout(Math.min(timeoutMs, 15_000)) });
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`Failed to get server info. Received status [${response.status}]: ${response.statusText}. Message: ${body}`);
  }
  const info = JSON.parse(body) as { instance_flags?: { dataset_examples_multipart_enabled?: unknown } };
  if (info.instance_flags?.dataset_examples_multipart_enabled !== true) {
    throw new UsageError(
      `the LangSmith deployment at ${connection.endpoint} does not accept multipart example uploads`,
      'upgrade the self-hosted LangSmith deployment',
    );
  }
}

async function findOrCreateDataset(client: Client, plan: ReturnType<typeof planLangSmithExport>['dataset']) {
  try {
    const existing = await client.readDataset({ datasetName: plan.name });
    return { id: existing.id, created: false };
  } catch (error) {
    // the SDK's own words when the name lookup comes back empty; any HTTP failure is rethrown
    if (!(error instanceof Error && /^Dataset\[.*\] not found/.test(error.message))) throw error;
  }
  const dataset = await client.createDataset(plan.name, { description: plan.description, dataType: plan.data_type });
  return { id: dataset.id, created: true };
}

async function existingHashes(client: Client, datasetId: string): Promise<Map<string, unknown>> {
  const hashes = new Map<string, unknown>();
  for await (const example of client.listExamples({ datasetId })) {
    hashes.set(example.id, example.metadata?.[CONTENT_HASH_KEY]);
  }
  return hashes;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

export async function exportToLangSmith(
  samples: readonly Sample[],
  options: LangSmithExportOptions,
): Promise<LangSmithExportResult> {
  const resolved = LangSmithExportOptions.parse(options);
  const connection = resolveConnection(resolved);
  const plan = planLangSmithExport(samples, resolved);
  const total = plan.examples.length;
  let written = 0;
  let action = 'checking the server';
  try {
    await checkServer(connection, resolved.timeoutMs);
    const { Client } = await import('langsmith');
    const client = new Client({
      apiUrl: connection.endpoint,
      apiKey: connection.apiKey,
      ...(connection.workspaceId ? { workspaceId: connection.workspaceId } : {}),
      timeout_ms: resolved.timeoutMs,
      autoBatchTracing: false,
    });
    action = `finding or creating dataset ${plan.dataset.name}`;
    const dataset = await findOrCreateDataset(client, plan.dataset);
    action = 'listing existing examples';
    const existing = dataset.created ? new Map<string, unknown>() : await existingHashes(client, dataset.id);
    const toCreate: LangSmithExamplePlan[] = [];
    const toUpdate: LangSmithExamplePlan[] = [];
    for (const example of plan.examples) {
      if (!existing.has(example.id)) toCreate.push(example);
      else if (existing.get(example.id) !== example.metadata[CONTENT_HASH_KEY]) toUpdate.push(example);
    }
    action = 'creating examples';
    for (const batch of batches(toCreate, resolved.batchSize)) {
      // `createExamples` would re-read every created example one request at a time; the
      // multipart upload it wraps answers with the ids, which is all this needs.
      await client.uploadExamplesMultipart(
        dataset.id,
        batch.map(({ outputs, ...example }) => ({ ...example, reference_outputs: outputs })),
      );
      written += batch.length;
    }
    action = 'updating changed examples';
    for (const batch of batches(toUpdate, resolved.batchSize)) {
      await client.updateExamplesMultipart(dataset.id, batch);
      written += batch.length;
    }
    return {
      datasetId: dataset.id,
      created: dataset.created,
      written,
      updated: toUpdate.length,
      skipped: total - toCreate.length - toUpdate.length,
    };
  } catch (error) {
    throw toLangSmithError(error, { endpoint: connection.endpoint, action, written, total });
  }
}
