import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** One labelled text of the classifier's data (`tests/eval/data/injection/`, SOURCES.md). */
export interface LabelledText {
  readonly text: string;
  readonly label: 'attack' | 'benign';
  /** What an attack tries (or how it hides); for benign texts, why a filter might trip on them. */
  readonly category: string;
  readonly source: string;
  readonly lang?: string;
  /** For a document carrying a hidden attack: that attack, so training can tell its segments from the clean ones. */
  readonly injected?: string;
}

const DATA = new URL('./data/injection/', import.meta.url);

function readGzipJsonl(name: string): LabelledText[] {
  return gunzipSync(readFileSync(new URL(name, DATA)))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LabelledText);
}

/** What training may see: split into train and tune by `splitOfText`. */
export const loadInjectionPool = () => readGzipJsonl('pool.jsonl.gz');

/** Reserved sources only; reported, never trained or tuned on. */
export const loadInjectionTest = () => readGzipJsonl('test.jsonl.gz');
