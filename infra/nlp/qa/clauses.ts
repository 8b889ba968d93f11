import type { Phrase } from '../text/phrases.js';
import type { Sentence, Token } from '../text/text-analyzer.js';
import { termOf } from '../text/tokens.js';

/** What an answer loses for each of the question's names or numbers that the sentence gives in another clause only. */
const MISPLACED_KEY_PENALTY = 0.4;

/** A clause boundary: a comma or semicolon outside an entity ("March 31, 2007" is one date). */
function isBoundary(token: Token | undefined): boolean {
  return token !== undefined && token.entity === -1 && [',', ';'].includes(token.text);
}

/**
 * A boundary between joined clauses only: a semicolon, or a subordinating conjunction after a comma
 * (", while", ", whereas"); the commas around an aside ("Velora, one of the largest bakeries,
 * is based ...") are not, nor is ", and", which closes lists ("Asia, Europe, and Oceania") as often.
 */
function isJoint(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (!token || token.entity !== -1) return false;
  return token.text === ';' || (token.pos === 'SCONJ' && tokens[index - 1]?.text === ',');
}

const NAME_POS: ReadonlySet<string> = new Set(['PROPN', 'NUM']);
const PREDICATE_POS: ReadonlySet<string> = new Set(['VERB', 'ADJ']);

/** How a sentence is cut into clauses: at every comma, or only where clauses are joined. */
export type ClauseCut = 'comma' | 'joint';

/** The clause of `span`: from the boundary before it to the boundary after it. */
function clauseAround(tokens: readonly Token[], sentence: Sentence, span: Phrase, cut: ClauseCut): Phrase {
  const boundary = (index: number) => (cut === 'comma' ? isBoundary(tokens[index]) : isJoint(tokens, index));
  let start = span.start;
  while (start > sentence.start && !boundary(start - 1)) start -= 1;
  let end = span.end;
  while (end < sentence.end && !boundary(end + 1)) end += 1;
  return { start, end };
}

/**
 * "The album sold 2.4 million copies in Canada, and 0.8 million in Mexico": for "How many
 * ... in Mexico?", the answer is in the clause that holds the question's names and numbers, its
 * distinguishing words. Cut at commas (for numbers), the question's verbs and adjectives count too
 * when the span's clause says something of its own: in "1,450 people are listed as missing, and
 * 9,870 injured", "injured" tells the clauses apart for "How many were injured?", while "and
 * 0.8 million in Mexico" repeats the verb of the clause before it by leaving it out.
 * Returns how much a span loses for each such word that its sentence gives only in another clause
 * (0 when the sentence keeps them all in the span's clause).
 */
export function misplacedKeyPenalty(
  tokens: readonly Token[],
  sentence: Sentence,
  span: Phrase,
  terms: ReadonlySet<string>,
  cut: ClauseCut = 'comma',
): number {
  const clause = clauseAround(tokens, sentence, span, cut);
  const inClause = (index: number) => index >= clause.start && index <= clause.end;
  const predicates =
    cut === 'comma' && tokens.slice(clause.start, clause.end + 1).some((token) => PREDICATE_POS.has(token.pos));
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || !terms.has(termOf(token))) continue;
    if (!NAME_POS.has(token.pos) && !(predicates && PREDICATE_POS.has(token.pos))) continue;
    (inClause(index) ? inside : outside).add(termOf(token));
  }
  const missing = [...outside].filter((term) => !inside.has(term)).length;
  return missing * MISPLACED_KEY_PENALTY;
}
