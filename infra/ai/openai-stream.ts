import type OpenAI from 'openai';
import { ModelError, ModelOutputError } from '../../domain/errors.js';
import type { ModelStreamPart, TextResponse } from '../../domain/ports.js';
import { CANARY_PATTERN } from './prompt-fence.js';

const PROVIDER = 'openai';

type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type StreamingChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
type ChatCompletionChunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** The streaming form of a chat-completions body: usage is asked for in the last chunk. */
export function toStreamRequest(body: ChatRequest): StreamingChatRequest {
  return { ...body, stream: true, stream_options: { include_usage: true } };
}

/** What the chunks of one stream have said so far. */
export interface ChunkState {
  text: string;
  model: string;
  finishReason: string | null;
  usage: TextResponse['usage'];
}

/**
 * Reads one chunk into `state`; returns its text piece ('' for none). Throws the `ModelError`
 * a refusal or a leaked system message is, before the piece is passed on.
 */
export function readChunk(chunk: ChatCompletionChunk, state: ChunkState): string {
  if (chunk.model) state.model = chunk.model;
  if (chunk.usage) {
    state.usage = {
      input_tokens: chunk.usage.prompt_tokens,
      output_tokens: chunk.usage.completion_tokens,
      total_tokens: chunk.usage.total_tokens,
    };
  }
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  if (!choice) return '';
  if (choice.delta?.refusal)
    throw new ModelError('The provider refused the request', { provider: PROVIDER, kind: 'safety' });
  if (choice.finish_reason) state.finishReason = choice.finish_reason;
  const piece = choice.delta?.content ?? '';
  if (piece === '') return '';
  state.text += piece;
  // A canary spans at most a few chunks: the end of the text is enough to find a new one.
  if (CANARY_PATTERN.test(state.text.slice(-(piece.length + 32)))) {
    throw new ModelOutputError('The answer leaked the system message', PROVIDER);
  }
  return piece;
}

/** The complete answer once the stream has ended, or the `ModelError` that explains why there is none. */
export function fromStreamEnd(state: ChunkState): TextResponse {
  const reason = state.finishReason;
  // A stream that stops without a finish reason was cut (a proxy or the provider gave up).
  if (reason === null)
    throw new ModelError('The provider stream ended before the answer was complete', {
      provider: PROVIDER,
      kind: 'network',
    });
  if (reason === 'content_filter')
    throw new ModelError('The provider refused the request', { provider: PROVIDER, kind: 'safety' });
  if (reason === 'length') throw new ModelOutputError('The answer was cut off at the token limit', PROVIDER);
  if (state.text.trim() === '') throw new ModelOutputError('The provider returned an empty answer', PROVIDER);
  return { text: state.text, model: state.model, finishReason: reason, ...(state.usage && { usage: state.usage }) };
}

export interface OpenAiStreamCall {
  readonly client: OpenAI;
  readonly body: ChatRequest;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Streams one chat completion: pieces as they arrive, then the complete answer. SDK errors are
 * thrown as they come; the adapter maps them. Stopping the iteration aborts the HTTP call. */
export async function* streamChatCompletion(call: OpenAiStreamCall): AsyncGenerator<ModelStreamPart<TextResponse>> {
  const stream = await call.client.chat.completions.create(toStreamRequest(call.body), {
    signal: call.signal,
    timeout: call.timeoutMs,
    maxRetries: 0,
  });
  const state: ChunkState = { text: '', model: call.body.model, finishReason: null, usage: undefined };
  for await (const chunk of stream) {
    // A chunk without text (role, finish reason, usage) is passed on empty: the stream is alive.
    yield { type: 'delta', text: readChunk(chunk, state) };
  }
  yield { type: 'done', response: fromStreamEnd(state) };
}
