/**
 * Sends chunks of batch items to `batch_process`. A chunk over the server's limit is split to it
 * (the limit is learnt from the 400's `details.limit`, or halved on a 413) and the smaller size
 * is kept for later chunks; 429/502/503/504 are retried with backoff, honouring `Retry-After`.
 * Authentication, connection and timeout failures are thrown: they end the run.
 */
import { expectData, isRestApiError, type RestApiError } from '../rest/rest-api-error.js';
import type { RestClient, Schemas } from '../rest/rest-client.js';
import type { BatchInputItem } from './batch-input.js';
import type { BatchOutputRecord } from './batch-output.js';

export interface ChunkSenderOptions {
  readonly client: RestClient;
  readonly requestSignal: () => AbortSignal;
  /** Items per request before the server says otherwise. */
  readonly chunkSize: number;
  /** Tries per chunk for retryable answers (default 3). */
  readonly maxAttempts?: number;
  /** Delay before retry number `attempt` when the server sent no `Retry-After` (default 1 s, 2 s, ...). */
  readonly backoffMs?: (attempt: number) => number;
}

export interface ChunkSender {
  send(items: readonly BatchInputItem[]): Promise<BatchOutputRecord[]>;
  /** The chunk size in use (lowered when the server's limit is smaller). */
  readonly chunkSize: number;
}

const MAX_RETRY_AFTER_MS = 30_000;

function serverLimitOf(error: RestApiError, size: number): number | undefined {
  if (error.status === 413 && size > 1) return Math.ceil(size / 2);
  const limit = error.body?.details?.limit;
  return error.status === 400 && typeof limit === 'number' && limit >= 1 && limit < size ? limit : undefined;
}

function toRecords(
  items: readonly BatchInputItem[],
  response: Schemas['BatchTextProcessingResponse'],
): BatchOutputRecord[] {
  const byIndex = new Map(response.results.map((result) => [result.request_index, result]));
  return items.map((item, position) => {
    const base = {
      index: item.index,
      ...(item.id !== undefined ? { id: item.id } : {}),
      fingerprint: item.fingerprint,
    };
    const result = byIndex.get(position);
    if (result?.status === 'completed' && result.response)
      return { ...base, status: 'completed', response: result.response };
    const error = result?.error ?? { code: 'MISSING_RESULT', message: 'The server returned no result for this item' };
    return { ...base, status: 'failed', error };
  });
}

function failedRecords(items: readonly BatchInputItem[], error: RestApiError): BatchOutputRecord[] {
  return items.map((item) => ({
    index: item.index,
    ...(item.id !== undefined ? { id: item.id } : {}),
    fingerprint: item.fingerprint,
    status: 'failed',
    error: {
      code: error.code,
      message: error.message,
      ...(error.body?.details ? { details: error.body.details } : {}),
    },
  }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createChunkSender(options: ChunkSenderOptions): ChunkSender {
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? ((attempt: number) => 1000 * attempt);
  let chunkSize = options.chunkSize;

  const send = async (items: readonly BatchInputItem[]): Promise<BatchOutputRecord[]> => {
    if (items.length > chunkSize) {
      const records: BatchOutputRecord[] = [];
      for (let start = 0; start < items.length; start += chunkSize) {
        records.push(...(await send(items.slice(start, start + chunkSize))));
      }
      return records;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await expectData(
          options.client.POST('/v1/text_processing/batch_process', {
            body: { requests: items.map((item) => item.request) },
            signal: options.requestSignal(),
          }),
        );
        return toRecords(items, response);
      } catch (error) {
        if (!isRestApiError(error) || error.status === 401 || error.status === 403) throw error;
        const limit = serverLimitOf(error, items.length);
        if (limit !== undefined) {
          chunkSize = Math.min(chunkSize, limit);
          return send(items);
        }
        if (!error.isRetryable || attempt >= maxAttempts) return failedRecords(items, error);
        const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        await sleep(Math.min(retryAfterMs ?? backoffMs(attempt), MAX_RETRY_AFTER_MS));
      }
    }
  };

  return {
    send,
    get chunkSize() {
      return chunkSize;
    },
  };
}
