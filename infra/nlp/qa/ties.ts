import type { Phrase } from '../text/phrases.js';
import type { Sentence, Token } from '../text/text-analyzer.js';
import { spanText } from '../text/tokens.js';

/** A candidate answer as the tie rule sees it. */
export interface TieCandidate {
  readonly span: Phrase;
  readonly sentence: Sentence;
  readonly value: number;
}

/** Candidates whose value comes this close to the chosen one's are tied with it. */
const TIE_GAP = 0.02;

const disjoint = (first: Phrase, second: Phrase) => first.end < second.start || first.start > second.end;
const textOf = (tokens: readonly Token[], span: Phrase) => spanText(tokens, span.start, span.end).toLowerCase();

/**
 * The other spans of the chosen one's sentence, apart from it and saying something else, that
 * are worth as much as it: the rules cannot tell them apart ("5 percent of the jobs, but
 * 22 percent of the wages" for "What percentage of the wages ...?").
 */
export function tiesOf<C extends TieCandidate>(tokens: readonly Token[], chosen: C, candidates: readonly C[]): C[] {
  const chosenText = textOf(tokens, chosen.span);
  return candidates.filter(
    (other) =>
      other !== chosen &&
      other.sentence === chosen.sentence &&
      other.value >= chosen.value - TIE_GAP &&
      disjoint(other.span, chosen.span) &&
      textOf(tokens, other.span) !== chosenText,
  );
}
