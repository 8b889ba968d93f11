/**
 * Renders a processing response for people: headline metrics, then the result itself — summary
 * or answer as paragraphs, sentiment as a label with a confidence bar and its explanation, key
 * points and questions as numbered lists.
 */
import type { ProcessResponse } from './api-types.js';
import { createElement } from './create-element.js';

export interface ResultElements {
  readonly metrics: HTMLElement;
  readonly body: HTMLElement;
  readonly json: HTMLElement;
}

const OPERATION_NAMES: Record<ProcessResponse['operation'], string> = {
  summarize: 'Summary',
  sentiment: 'Sentiment',
  key_points: 'Key points',
  questions: 'Questions',
  qa: 'Answer',
};

function metric(term: string, value: string): HTMLElement {
  return createElement('div', {}, [createElement('dt', { text: term }), createElement('dd', { text: value })]);
}

function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Math.max(1, Math.round(seconds * 1000))} ms` : `${seconds.toFixed(2)} s`;
}

function paragraphs(text: string): HTMLElement[] {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => createElement('p', { text: paragraph }));
}

function numberedList(items: readonly string[], label: string): HTMLElement {
  return createElement(
    'ol',
    { attributes: { 'aria-label': label } },
    items.map((item) => createElement('li', { text: item })),
  );
}

function sentimentView(sentiment: NonNullable<ProcessResponse['sentiment']>): HTMLElement[] {
  const percent = Math.round(sentiment.confidence * 100);
  const meter = createElement('meter', {
    attributes: {
      id: 'confidence',
      min: '0',
      max: '1',
      low: '0.4',
      high: '0.7',
      optimum: '1',
      value: String(sentiment.confidence),
    },
  });
  return [
    createElement('p', {}, [
      createElement('span', {
        className: 'sentiment-label',
        text: sentiment.sentiment,
        attributes: { 'data-sentiment': sentiment.sentiment, 'data-testid': 'sentiment-label' },
      }),
    ]),
    createElement('div', { className: 'confidence' }, [
      createElement('label', { text: 'Confidence', attributes: { for: 'confidence' } }),
      meter,
      createElement('span', { text: `${percent}%` }),
    ]),
    createElement('p', { text: sentiment.explanation }),
  ];
}

function resultView(response: ProcessResponse): HTMLElement[] {
  if (response.sentiment) return sentimentView(response.sentiment);
  if (response.key_points) return [numberedList(response.key_points, 'Key points')];
  if (response.questions) return [numberedList(response.questions, 'Questions')];
  const text = response.result?.trim();
  return text ? paragraphs(text) : [createElement('p', { className: 'hint', text: 'The service returned no text.' })];
}

export function renderResult(response: ProcessResponse, elements: ResultElements): void {
  const { metadata } = response;
  elements.metrics.replaceChildren(
    metric('Operation', OPERATION_NAMES[response.operation]),
    metric('Processing time', formatSeconds(response.processing_time)),
    metric('Words in', String(metadata.word_count)),
    metric('Provider', metadata.model ? `${metadata.provider} · ${metadata.model}` : metadata.provider),
    metric('Cache', response.cache_hit ? 'Hit' : 'Miss'),
  );
  const notes: HTMLElement[] = [];
  if (metadata.degraded) {
    notes.push(
      createElement('p', {
        className: 'note',
        text: 'Answered by the offline fallback: the AI providers were unavailable.',
      }),
    );
  }
  elements.body.replaceChildren(...notes, ...resultView(response));
  elements.json.textContent = JSON.stringify(response, null, 2);
}
