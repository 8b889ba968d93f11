import { readFileSync } from 'node:fs';

export interface SummaryItem {
  readonly id: string;
  readonly article: string;
  /** The human-written highlights, one per line. */
  readonly highlights: string;
}

export interface SentimentItem {
  readonly id: string;
  readonly text: string;
  readonly label: 'positive' | 'negative' | 'neutral';
}

export interface QaItem {
  readonly id: string;
  readonly title: string;
  readonly context: string;
  readonly question: string;
  readonly answers: readonly string[];
}

export interface EvalData {
  readonly cnn: readonly SummaryItem[];
  readonly sst2: readonly SentimentItem[];
  readonly imdb: readonly SentimentItem[];
  readonly tweets: readonly SentimentItem[];
  readonly squad: readonly QaItem[];
}

const DATA = new URL('./data/', import.meta.url);

function readJsonl<T>(name: string): T[] {
  return readFileSync(new URL(name, DATA), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** The development sets of `tests/eval/data` (sources, splits and licences in SOURCES.md). */
export function loadEvalData(): EvalData {
  return {
    cnn: readJsonl<SummaryItem>('cnn-dailymail-validation.jsonl'),
    sst2: readJsonl<SentimentItem>('sst2-train.jsonl'),
    imdb: readJsonl<SentimentItem>('imdb-train.jsonl'),
    tweets: readJsonl<SentimentItem>('tweeteval-sentiment-validation.jsonl'),
    squad: readJsonl<QaItem>('squad-v1.1-train.jsonl'),
  };
}
