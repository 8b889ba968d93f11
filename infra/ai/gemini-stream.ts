import { FinishReason, type GenerateContentResponse } from '@google/genai';
import { ModelError, ModelOutputError } from '../../domain/errors.js';
import type { TextResponse } from '../../domain/ports.js';
import { CANARY_PATTERN } from './prompt-fence.js';

const PROVIDER = 'gemini';
const SAFETY_REASONS = new Set(['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'RECITATION', 'IMAGE_SAFETY']);

/** What the chunks of one `generateContentStream` have said so far. */
export interface GeminiStreamState {
  text: string;
  model: string;
  finishReason: FinishReason | undefined;
  usage: TextResponse['usage'];
}

/**
 * Reads one streamed `GenerateContentResponse` into `state`; returns its text piece ('' for none).
 * A blocked prompt or answer, or a leaked system message, throws before the piece is passed on.
 */
export function readStreamChunk(chunk: GenerateContentResponse, state: GeminiStreamState): string {
  const blockReason = chunk.promptFeedback?.blockReason;
  if (blockReason)
    throw new ModelError(`The prompt was blocked (${blockReason})`, { provider: PROVIDER, kind: 'safety' });
  if (chunk.modelVersion) state.model = chunk.modelVersion;
  const usage = chunk.usageMetadata;
  if (usage?.candidatesTokenCount !== undefined) {
    const input = usage.promptTokenCount ?? 0;
    const output = usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0);
    state.usage = { input_tokens: input, output_tokens: output, total_tokens: usage.totalTokenCount ?? input + output };
  }
  const candidate = chunk.candidates?.[0];
  const reason = candidate?.finishReason;
  if (reason && SAFETY_REASONS.has(reason)) {
    throw new ModelError(`The answer was blocked (${reason})`, { provider: PROVIDER, kind: 'safety' });
  }
  if (reason) state.finishReason = reason;
  const piece = (candidate?.content?.parts ?? [])
    .filter((part) => !part.thought)
    .map((part) => part.text ?? '')
    .join('');
  if (piece === '') return '';
  state.text += piece;
  if (CANARY_PATTERN.test(state.text.slice(-(piece.length + 32)))) {
    throw new ModelOutputError('The answer leaked the system message', PROVIDER);
  }
  return piece;
}

/** The complete answer once the stream has ended, or the `ModelError` that explains why there is none. */
export function fromStreamEnd(state: GeminiStreamState): TextResponse {
  const reason = state.finishReason;
  // Gemini marks the last chunk with a finish reason; a stream without one was cut.
  if (reason === undefined)
    throw new ModelError('The provider stream ended before the answer was complete', {
      provider: PROVIDER,
      kind: 'network',
    });
  if (reason === FinishReason.MAX_TOKENS)
    throw new ModelOutputError('The answer was cut off at the token limit', PROVIDER);
  if (state.text.trim() === '') throw new ModelOutputError('The provider returned an empty answer', PROVIDER);
  return { text: state.text, model: state.model, finishReason: reason, ...(state.usage && { usage: state.usage }) };
}
