import { readFileSync } from 'node:fs';
import { splitOf } from './metrics.js';

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
  /** SQuAD v1.1 train questions of rare types (why, how, "What is X called", "Who said"): tune data only. */
  readonly squadRareTypes: readonly QaItem[];
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
    squadRareTypes: readJsonl<QaItem>('squad-v1.1-train-rare-types.jsonl'),
  };
}

/**
 * Where a summary set is used: `train` (a CNN/DailyMail train sample, mostly Daily Mail, and 70% of
 * the CNN/DailyMail validation sample, by the hash of the id) and `tune` (the other 30%) are looked at while changing the summarizer; `test` (CNN/DailyMail test as sampled by
 * FRANK, BBC News Summary) is only reported, never tuned on.
 */
export type SummarySplit = 'train' | 'tune' | 'test';

export interface SummarySet {
  readonly name: string;
  readonly split: SummarySplit;
  readonly items: readonly SummaryItem[];
}

/** The summary sets of `tests/eval/data` (sources and licences in SOURCES.md). */
export function loadSummarySets(): SummarySet[] {
  const validation = readJsonl<SummaryItem>('summaries-cnn-dailymail-validation.jsonl');
  return [
    {
      name: 'CNN/DailyMail train sample',
      split: 'train',
      items: readJsonl<SummaryItem>('summaries-cnn-dailymail-train.jsonl'),
    },
    {
      name: 'CNN/DailyMail validation',
      split: 'train',
      items: validation.filter((item) => splitOf(item.id) === 'tuning'),
    },
    {
      name: 'CNN/DailyMail validation',
      split: 'tune',
      items: validation.filter((item) => splitOf(item.id) === 'heldout'),
    },
    {
      name: 'CNN/DailyMail test (FRANK sample)',
      split: 'test',
      items: readJsonl<SummaryItem>('summaries-cnn-dailymail-test-frank.jsonl'),
    },
    { name: 'BBC News Summary', split: 'test', items: readJsonl<SummaryItem>('summaries-bbc-news-summary.jsonl') },
  ];
}

/**
 * The reserved sentiment test sets of `tests/eval/data/test/` (sources in SOURCES.md): only ever
 * scored, never trained or tuned on. Binary: IMDB reviews, SST-2 dev; three-class: Financial
 * PhraseBank, TweetEval test.
 */
export interface SentimentTestData {
  readonly imdb: readonly SentimentItem[];
  readonly sst2: readonly SentimentItem[];
  readonly fpb: readonly SentimentItem[];
  readonly tweets: readonly SentimentItem[];
}

export function loadSentimentTestData(): SentimentTestData {
  return {
    imdb: readJsonl<SentimentItem>('test/imdb-reviews.jsonl'),
    sst2: readJsonl<SentimentItem>('test/sst2-dev.jsonl'),
    fpb: readJsonl<SentimentItem>('test/financial-phrasebank.jsonl'),
    tweets: readJsonl<SentimentItem>('test/tweeteval-sentiment-test.jsonl'),
  };
}

/**
 * The reserved QA test set of `tests/eval/data/test/` (sources in SOURCES.md): answerable questions
 * of SQuAD 2.0 dev, only ever scored, never tuned on.
 */
export function loadQaTestData(): readonly QaItem[] {
  return readJsonl<QaItem>('test/squad-v2.0-dev.jsonl');
}
