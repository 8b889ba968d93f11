import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelError, ModelOutputError, isModelError } from '../../domain/errors.js';
import type { ModelRequest, ModelStreamPart, TextModel, TextResponse } from '../../domain/ports.js';
import type { FetchFunction } from './http-fetch.js';
import { isNetworkError, isTimeoutError, parseRetryAfterMs, toModelErrorKind } from './model-error-kind.js';
import { streamChatCompletion } from './openai-stream.js';
import { fencePrompt, hasCanary, type FencedPrompt } from './prompt-fence.js';

const PROVIDER = 'openai';

type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatCompletion = OpenAI.Chat.Completions.ChatCompletion;

export interface OpenAiModelOptions {
  /** A ready client; otherwise one is built from `apiKey`, `baseURL`, `timeoutMs` and `fetch`. */
  readonly client?: OpenAI;
  /** Optional for compatible servers that need none (Ollama, vLLM). */
  readonly apiKey?: string;
  /** Any OpenAI-compatible server (`OPENAI_BASE_URL`: Ollama, vLLM...); the OpenAI API by default. */
  readonly baseURL?: string;
  readonly model: string;
  /** Sampling temperature; omitted from requests when unset (some models accept only the default). */
  readonly temperature?: number;
  /** Per-call HTTP timeout in milliseconds (the SDK's own retries are off). */
  readonly timeoutMs: number;
  /** Transport for the built client, e.g. `createHttpFetch()`; global `fetch` by default. */
  readonly fetch?: FetchFunction;
  /** `max_completion_tokens` for the OpenAI API (default without `baseURL`), `max_tokens` for compatible servers. */
  readonly maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
  /** Builds the messages; `fencePrompt` by default. */
  readonly buildPrompt?: (request: ModelRequest) => FencedPrompt;
}

export interface OpenAiRequestSettings {
  readonly model: string;
  readonly temperature?: number | undefined;
  readonly maxTokensParameter: 'max_tokens' | 'max_completion_tokens';
}

/** The chat-completions body for one request. */
export function toRequest(request: ModelRequest, prompt: FencedPrompt, settings: OpenAiRequestSettings): ChatRequest {
  const body: ChatRequest = {
    model: settings.model,
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ],
    [settings.maxTokensParameter]: request.maxOutputTokens,
  };
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (request.responseFormat === 'json') {
    body.response_format = request.jsonSchema
      ? { type: 'json_schema', json_schema: { name: 'result', schema: { ...request.jsonSchema }, strict: false } }
      : { type: 'json_object' };
  }
  return body;
}

/** The answer of a completion, or the `ModelError` that explains why there is none. */
export function fromResponse(completion: ChatCompletion, model: string): TextResponse {
  const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
  if (!choice) throw new ModelError('The provider returned no choices', { provider: PROVIDER, kind: 'server' });
  const reason = choice.finish_reason;
  if (reason === 'content_filter' || choice.message.refusal) {
    throw new ModelError('The provider refused the request', { provider: PROVIDER, kind: 'safety' });
  }
  if (reason === 'length') throw new ModelOutputError('The answer was cut off at the token limit', PROVIDER);
  const text = choice.message.content ?? '';
  if (text.trim() === '') throw new ModelOutputError('The provider returned an empty answer', PROVIDER);
  const usage = completion.usage;
  return {
    text,
    model: completion.model || model,
    finishReason: reason,
    ...(usage && {
      usage: {
        input_tokens: usage.prompt_tokens,
        output_tokens: usage.completion_tokens,
        total_tokens: usage.total_tokens,
      },
    }),
  };
}

/** Maps whatever the SDK threw to a `ModelError`; an abort by `signal` is a timeout. */
export function toModelError(error: unknown, signal?: AbortSignal): ModelError {
  if (isModelError(error)) return error;
  const options = { provider: PROVIDER, cause: error };
  if (signal?.aborted || error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) {
    return new ModelError('The provider did not answer in time', { ...options, kind: 'timeout' });
  }
  if (error instanceof APIConnectionError) {
    const kind = isTimeoutError(error.cause) ? 'timeout' : 'network';
    return new ModelError(`Could not reach the provider: ${error.message}`, { ...options, kind });
  }
  const apiError = error instanceof APIError ? (error as APIError<number | undefined, Headers | undefined>) : undefined;
  if (apiError?.status !== undefined) {
    const status = apiError.status;
    const kind = apiError.code === 'content_filter' ? 'safety' : toModelErrorKind(status);
    const retryAfterMs = parseRetryAfterMs(apiError.headers);
    return new ModelError(`Provider error ${status}: ${apiError.message}`, {
      ...options,
      kind,
      status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (error instanceof SyntaxError)
    return new ModelError('The provider sent malformed JSON', { ...options, kind: 'server' });
  const kind = isTimeoutError(error) ? 'timeout' : isNetworkError(error) ? 'network' : 'server';
  return new ModelError(`Provider call failed: ${String(error)}`, { ...options, kind });
}

/** A `TextModel` on the chat-completions API of OpenAI or any OpenAI-compatible server. */
export function createOpenAiModel(options: OpenAiModelOptions): TextModel<TextResponse> {
  const client =
    options.client ??
    new OpenAI({
      // Explicit values keep the SDK from reading OPENAI_API_KEY / OPENAI_BASE_URL itself. A
      // compatible server such as Ollama needs no key, but the SDK refuses to start without one.
      apiKey: options.apiKey || 'no-key',
      baseURL: options.baseURL ?? 'https://api.openai.com/v1',
      timeout: options.timeoutMs,
      maxRetries: 0,
      ...(options.fetch && { fetch: options.fetch }),
    });
  const settings: OpenAiRequestSettings = {
    model: options.model,
    temperature: options.temperature,
    maxTokensParameter: options.maxTokensParameter ?? (options.baseURL ? 'max_tokens' : 'max_completion_tokens'),
  };
  const buildPrompt = options.buildPrompt ?? ((request: ModelRequest) => fencePrompt(request));

  async function generate(request: ModelRequest, signal?: AbortSignal): Promise<TextResponse> {
    const prompt = buildPrompt(request);
    try {
      const completion = await client.chat.completions.create(toRequest(request, prompt, settings), {
        signal,
        timeout: options.timeoutMs,
        maxRetries: 0,
      });
      const response = fromResponse(completion, options.model);
      if (hasCanary(response.text)) throw new ModelOutputError('The answer leaked the system message', PROVIDER);
      return response;
    } catch (error) {
      throw toModelError(error, signal);
    }
  }

  async function* stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamPart<TextResponse>> {
    const body = toRequest(request, buildPrompt(request), settings);
    try {
      yield* streamChatCompletion({ client, body, timeoutMs: options.timeoutMs, signal });
    } catch (error) {
      throw toModelError(error, signal);
    }
  }

  return { provider: PROVIDER, model: options.model, generate, stream };
}
