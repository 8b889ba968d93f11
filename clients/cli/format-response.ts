/** Renders a processing response for people: the result on stdout, its metadata on one line. */
import type { Schemas } from '../rest/rest-client.js';

type TextProcessingResponse = Schemas['TextProcessingResponse'];

const numbered = (items: readonly string[]) => items.map((item, index) => `${index + 1}. ${item}`).join('\n');

/** The result itself: summary or answer text, sentiment with confidence, or a numbered list. */
export function toReadableResult(response: TextProcessingResponse): string {
  if (response.sentiment) {
    const { sentiment, confidence, explanation } = response.sentiment;
    return `${sentiment} (confidence ${Math.round(confidence * 100)}%)\n${explanation}\n`;
  }
  if (response.key_points) return `${numbered(response.key_points)}\n`;
  if (response.questions) return `${numbered(response.questions)}\n`;
  return `${response.result ?? ''}\n`;
}

/** `summarize by local/local-nlp-1 in 0.012 s (cache hit)`. */
export function toMetadataLine(response: TextProcessingResponse): string {
  const { provider, model, degraded } = response.metadata;
  const notes = [
    response.cache_hit ? 'cache hit' : undefined,
    degraded ? 'degraded: offline fallback' : undefined,
  ].filter(Boolean);
  const suffix = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  return `${response.operation} by ${provider}/${model} in ${response.processing_time.toFixed(3)} s${suffix}\n`;
}
