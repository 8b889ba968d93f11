import type { Sentence } from '../text/text-analyzer.js';

/**
 * A headline set in the copy of a web page, its final full stop after a space: a link to another
 * story ("Pope says it's OK to spank children if you don't demean them .") or a list lead-in
 * ("The newly announced presenters list includes: .").
 */
const LINK_LINE = /\s[.:]$|:\s*\.$/;
/**
 * Above this share of the sentences, a full stop after a space is how the whole text is written
 * (tokenised copy: "The bridge will reopen in June ."), not the mark of a link's headline.
 */
const MAX_LINK_SHARE = 0.5;

/**
 * Which sentences are headlines of links set in the copy, to be left out of a summary: none when
 * most sentences end that way, since then it is the text's spacing.
 */
export function linkLines(sentences: readonly Sentence[]): ReadonlySet<number> {
  const links = sentences.filter((sentence) => LINK_LINE.test(sentence.text.trim()));
  if (links.length > sentences.length * MAX_LINK_SHARE) return new Set();
  return new Set(links.map((sentence) => sentence.index));
}
