/** Texts the scenarios send: realistic prose from the sample fixtures, of a chosen size. */
import { NEWS_ARTICLE, SAMPLE_TEXTS } from '../../clients/playground/sample-texts.js';

const CORPUS = SAMPLE_TEXTS.map((sample) => sample.text).join('\n\n');

/** Prose of at most `chars` characters, cut after a sentence; texts for different `variant`s differ. */
export function proseOfLength(chars: number, variant = 0): string {
  let text = variant === 0 ? '' : `Edition ${variant}. `;
  while (text.length < chars) text += `${CORPUS}\n\n`;
  const cut = text.slice(0, chars);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\n'));
  return end > chars / 2 ? cut.slice(0, end + 1) : cut.trimEnd();
}

/** A news article made distinct by its dateline, so that each index is a cache miss. */
export function distinctArticle(index: number | string, run: string): string {
  return `RIVERTON, report ${run}-${index} — ${NEWS_ARTICLE.text}`;
}

/** The JSON body of a `/v1/text_processing/process` call. */
export function processBody(text: string, operation = 'sentiment'): string {
  return JSON.stringify({ text, operation });
}
