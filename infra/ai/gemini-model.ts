import {
  ApiError,
  FinishReason,
  GoogleGenAI,
  type GenerateContentParameters,
  type GenerateContentResponse,
} from '@google/genai';
import { ModelError, ModelOutputError, isModelError } from '../../domain/errors.js';
import type { ModelRequest, ModelStreamPart, TextModel, TextResponse } from '../../domain/ports.js';
import type { FetchFunction } from './http-fetch.js';
import {
  isNetworkError,
  isTimeoutError,
  parseDurationMs,
  parseRetryAfterMs,
  toModelErrorKind,
  type HeaderReader,
} from './model-error-kind.js';
import { fromStreamEnd, readStreamChunk, type GeminiStreamState } from './gemini-stream.js';
import { fencePrompt, hasCanary, type FencedPrompt } from './prompt-fence.js';

const PROVIDER = 'gemini';
const SAFETY_REASONS = new Set(['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'RECITATION', 'IMAGE_SAFETY']);

export interface GeminiModelOptions {
  /** A ready client; otherwise one is built from `apiKey`, `baseUrl`, `timeoutMs` and `fetch`. */
  readonly client?: GoogleGenAI;
  readonly apiKey?: string;
  readonly model: string;
  readonly temperature?: number;
  /** Per-call HTTP timeout in milliseconds (the SDK's own retries stay off). */
  readonly timeoutMs: number;
  /** Another endpoint than Google's, e.g. the fake LLM server. */
  readonly baseUrl?: string;
  /** Transport, e.g. `createHttpFetch()`; global `fetch` by default. Used per call with `client` too. */
  readonly fetch?: FetchFunction;
  /** Builds the messages; `fencePrompt` by default. */
  readonly buildPrompt?: (request: ModelRequest) => FencedPrompt;
}

/** The `generateContent` parameters for one request (the abort signal is added per call). */
export function toRequest(
  request: ModelRequest,
  prompt: FencedPrompt,
  settings: { readonly model: string; readonly temperature?: number | undefined },
): GenerateContentParameters {
  const json = request.responseFormat === 'json';
  return {
    model: settings.model,
    contents: [{ role: 'user', parts: [{ text: prompt.user }] }],
    config: {
      systemInstruction: prompt.system,
      maxOutputTokens: request.maxOutputTokens,
      ...(settings.temperature !== undefined && { temperature: settings.temperature }),
      ...(json && { responseMimeType: 'application/json' }),
      ...(json && request.jsonSchema && { responseJsonSchema: request.jsonSchema }),
    },
  };
}

/** The answer of a response, or the `ModelError` that explains why there is none. */
export function fromResponse(response: GenerateContentResponse, model: string): TextResponse {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason)
    throw new ModelError(`The prompt was blocked (${blockReason})`, { provider: PROVIDER, kind: 'safety' });
  const candidate = response.candidates?.[0];
  const reason = candidate?.finishReason;
  if (reason && SAFETY_REASONS.has(reason)) {
    throw new ModelError(`The answer was blocked (${reason})`, { provider: PROVIDER, kind: 'safety' });
  }
  if (reason === FinishReason.MAX_TOKENS)
    throw new ModelOutputError('The answer was cut off at the token limit', PROVIDER);
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => !part.thought)
    .map((part) => part.text ?? '')
    .join('');
  if (text.trim() === '') throw new ModelOutputError('The provider returned an empty answer', PROVIDER);
  const usage = response.usageMetadata;
  const input = usage?.promptTokenCount ?? 0;
  const output = (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0);
  return {
    text,
    model: response.modelVersion ?? model,
    ...(reason && { finishReason: reason }),
    ...(usage && {
      usage: { input_tokens: input, output_tokens: output, total_tokens: usage.totalTokenCount ?? input + output },
    }),
  };
}

interface GoogleErrorBody {
  error?: { status?: string; details?: { '@type'?: string; retryDelay?: unknown; reason?: string }[] };
}

function readErrorBody(message: string): GoogleErrorBody {
  try {
    const body: unknown = JSON.parse(message);
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    return {};
  }
}

/**
 * Maps whatever the SDK threw to a `ModelError`; an abort by `signal` is a timeout. The wait
 * before a retry comes from the `Retry-After` headers when seen, else from Google's `RetryInfo`.
 */
export function toModelError(
  error: unknown,
  context: { signal?: AbortSignal; headers?: HeaderReader } = {},
): ModelError {
  if (isModelError(error)) return error;
  const options = { provider: PROVIDER, cause: error };
  if (context.signal?.aborted || isTimeoutError(error)) {
    return new ModelError('The provider did not answer in time', { ...options, kind: 'timeout' });
  }
  if (error instanceof ApiError) {
    const details = readErrorBody(error.message).error?.details ?? [];
    const keyInvalid = details.some((detail) => detail.reason === 'API_KEY_INVALID');
    const retryAfterMs =
      parseRetryAfterMs(context.headers) ??
      parseDurationMs(details.find((detail) => detail['@type']?.endsWith('RetryInfo'))?.retryDelay);
    return new ModelError(`Provider error ${error.status}: ${error.message}`, {
      ...options,
      kind: keyInvalid ? 'auth' : toModelErrorKind(error.status),
      status: error.status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (error instanceof SyntaxError)
    return new ModelError('The provider sent malformed JSON', { ...options, kind: 'server' });
  if (isNetworkError(error))
    return new ModelError(`Could not reach the provider: ${String(error)}`, { ...options, kind: 'network' });
  return new ModelError(`Provider call failed: ${String(error)}`, { ...options, kind: 'server' });
}

/** A `TextModel` on the Gemini API (`@google/genai`). */
export function createGeminiModel(options: GeminiModelOptions): TextModel<TextResponse> {
  const client =
    options.client ??
    new GoogleGenAI({
      apiKey: options.apiKey,
      vertexai: false,
      httpOptions: { timeout: options.timeoutMs, ...(options.baseUrl && { baseUrl: options.baseUrl }) },
    });
  const transport = options.fetch ?? (options.client ? undefined : globalThis.fetch);
  const settings = { model: options.model, temperature: options.temperature };
  const buildPrompt = options.buildPrompt ?? ((request: ModelRequest) => fencePrompt(request));

  /** The SDK's ApiError keeps only the status; a per-call transport keeps the headers too. */
  function recordingTransport(): { fetch: FetchFunction | undefined; failedHeaders: () => Headers | undefined } {
    let failedHeaders: Headers | undefined;
    const fetch: FetchFunction | undefined =
      transport &&
      (async (input, init) => {
        const response = await transport(input, init);
        if (!response.ok) failedHeaders = response.headers;
        return response;
      });
    return { fetch, failedHeaders: () => failedHeaders };
  }

  async function generate(request: ModelRequest, signal?: AbortSignal): Promise<TextResponse> {
    const parameters = toRequest(request, buildPrompt(request), settings);
    const { fetch, failedHeaders: recorded } = recordingTransport();
    try {
      const response = await client.models.generateContent({
        ...parameters,
        config: { ...parameters.config, abortSignal: signal, ...(fetch && { httpOptions: { fetch } }) },
      });
      const answer = fromResponse(response, options.model);
      if (hasCanary(answer.text)) throw new ModelOutputError('The answer leaked the system message', PROVIDER);
      return answer;
    } catch (error) {
      const failedHeaders = recorded();
      throw toModelError(error, { ...(signal && { signal }), ...(failedHeaders && { headers: failedHeaders }) });
    }
  }

  async function* stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamPart<TextResponse>> {
    const parameters = toRequest(request, buildPrompt(request), settings);
    const { fetch, failedHeaders: recorded } = recordingTransport();
    const state: GeminiStreamState = { text: '', model: options.model, finishReason: undefined, usage: undefined };
    try {
      // The SDK keeps its `timeout` armed while the body is read, which would cut any answer that
      // streams for longer: a stream is bounded by its first-byte and idle timeouts instead.
      const chunks = await client.models.generateContentStream({
        ...parameters,
        config: { ...parameters.config, abortSignal: signal, httpOptions: { timeout: 0, ...(fetch && { fetch }) } },
      });
      for await (const chunk of chunks) {
        // A chunk without text is passed on empty: the stream is alive.
        yield { type: 'delta', text: readStreamChunk(chunk, state) };
      }
      yield { type: 'done', response: fromStreamEnd(state) };
    } catch (error) {
      const failedHeaders = recorded();
      throw toModelError(error, { ...(signal && { signal }), ...(failedHeaders && { headers: failedHeaders }) });
    }
  }

  return { provider: PROVIDER, model: options.model, generate, stream };
}
