import { termOf, type Sentence, type Token } from './local-nlp.js';
import type { Phrase } from './local-phrases.js';

/** What an answer loses for each of the question's names or numbers that the sentence gives in another clause only. */
const MISPLACED_KEY_PENALTY = 0.4;

/** A clause boundary: a comma or semicolon outside an entity ("March 31, 2007" is one date). */
function isBoundary(token: Token | undefined): boolean {
  return token !== undefined && token.entity === -1 && [',', ';'].includes(token.text);
}

/** The clause of `span`: from the boundary before it to the boundary after it. */
function clauseAround(tokens: readonly Token[], sentence: Sentence, span: Phrase): Phrase {
  let start = span.start;
  while (start > sentence.start && !isBoundary(tokens[start - 1])) start -= 1;
  let end = span.end;
  while (end < sentence.end && !isBoundary(tokens[end + 1])) end += 1;
  return { start, end };
}

/**
 * "The game sold 5.82 million copies on the Wii, and 1.32 million on the GameCube": for "How many
 * ... on GameCube?", the answer is in the clause that holds the question's names and numbers, its
 * distinguishing words. Returns how much a span loses for each such word that its sentence gives
 * only in another clause (0 when the sentence keeps them all in the span's clause).
 */
export function misplacedKeyPenalty(
  tokens: readonly Token[],
  sentence: Sentence,
  span: Phrase,
  terms: ReadonlySet<string>,
): number {
  const clause = clauseAround(tokens, sentence, span);
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || (token.pos !== 'PROPN' && token.pos !== 'NUM') || !terms.has(termOf(token))) continue;
    (index >= clause.start && index <= clause.end ? inside : outside).add(termOf(token));
  }
  const missing = [...outside].filter((term) => !inside.has(term)).length;
  return missing * MISPLACED_KEY_PENALTY;
}
