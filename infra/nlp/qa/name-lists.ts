import type { Sentence, Token } from '../text/text-analyzer.js';
import type { Phrase } from '../text/phrases.js';

/** A capitalised noun or name: a word of a name. */
export const isCapitalisedNoun = (token: Token | undefined) =>
  token !== undefined && (token.pos === 'NOUN' || token.pos === 'PROPN') && /^\p{Lu}/u.test(token.text);

/** The end of the name that starts at `start` ("Nora Vance", "the Calder Brothers"), or -1. */
function nameFrom(tokens: readonly Token[], start: number, last: number): number {
  const first = tokens[start]?.normal === 'the' ? start + 1 : start;
  if (first > last || !isCapitalisedNoun(tokens[first]) || tokens[first]?.pos !== 'PROPN') return -1;
  let end = first;
  while (end + 1 <= last && isCapitalisedNoun(tokens[end + 1])) end += 1;
  return end;
}

/** The start of the name that ends at `end`, or -1. */
function nameUntil(tokens: readonly Token[], end: number, first: number): number {
  if (end < first || !isCapitalisedNoun(tokens[end]) || tokens[end]?.pos !== 'PROPN') return -1;
  let start = end;
  while (start - 1 >= first && isCapitalisedNoun(tokens[start - 1])) start -= 1;
  return tokens[start - 1]?.normal === 'the' && start - 1 >= first ? start - 1 : start;
}

interface ListLink {
  readonly start: number;
  readonly end: number;
  /** What joined it to the name before it: "," "and" or ", and". */
  readonly joint: string;
}

/** The separator between two list items starting at `index`, and where the next item starts. */
function jointAt(tokens: readonly Token[], index: number): { joint: string; next: number } | undefined {
  if (tokens[index]?.text === ',')
    return tokens[index + 1]?.normal === 'and' ? { joint: ', and', next: index + 2 } : { joint: ',', next: index + 1 };
  return tokens[index]?.normal === 'and' ? { joint: 'and', next: index + 1 } : undefined;
}

/** A run of names is a list when only its last joint has "and", and commas join three or more ("X, Y, and Z"). */
function isList(links: readonly ListLink[]): boolean {
  // The first item's own joint links it to what comes before the run.
  const joints = links.slice(1).map((link) => link.joint);
  const last = joints[joints.length - 1];
  if (last === undefined || last === ',') return false;
  if (joints.slice(0, -1).some((joint) => joint !== ',')) return false;
  return links.length >= 3 || last === 'and';
}

/**
 * "Ada Brandt, Tove Lind, and Nora Vance", "Piet Maas and the Calder Brothers": a name in a list
 * of names answers together with the list. Commas alone join nothing ("her mentor, the painter Ida
 * Sorel" is one woman; "In Vienna, Brandt" two clauses), and a list that holds a name of the
 * question is not widened to ("Along with Piet Maas, who ...?").
 */
export function withCoordinatedNames(
  tokens: readonly Token[],
  span: Phrase,
  sentence: Sentence,
  questionNames: ReadonlySet<string>,
): Phrase {
  if (nameUntil(tokens, span.end, span.start) !== span.start && nameFrom(tokens, span.start, span.end) !== span.end)
    return span;
  const links: ListLink[] = [{ start: span.start, end: span.end, joint: '' }];
  for (;;) {
    const tail = links[links.length - 1];
    const joint = tail && jointAt(tokens, tail.end + 1);
    const end = joint ? nameFrom(tokens, joint.next, sentence.end) : -1;
    // "Mira Holt as Doctor Pell and Jonah Weir as Edwin Marsh": a name that opens its own "X as Y" pair.
    if (!joint || end < 0 || tokens[end + 1]?.normal === 'as') break;
    links.push({ start: joint.next, end, joint: joint.joint });
  }
  for (;;) {
    const head = links[0];
    if (!head) break;
    // Back over ", and" / "and" / "," to the name before.
    const before = head.start - 1;
    const joint =
      tokens[before]?.normal === 'and'
        ? tokens[before - 1]?.text === ','
          ? { joint: ', and', end: before - 2 }
          : { joint: 'and', end: before - 1 }
        : tokens[before]?.text === ','
          ? { joint: ',', end: before - 1 }
          : undefined;
    const start = joint ? nameUntil(tokens, joint.end, sentence.start) : -1;
    if (!joint || start < 0) break;
    links[0] = { ...head, joint: joint.joint };
    links.unshift({ start, end: joint.end, joint: '' });
  }
  // The longest list around the span, else the span.
  for (let first = 0; first < links.length; first += 1) {
    for (let last = links.length - 1; last > first; last -= 1) {
      const run = links.slice(first, last + 1);
      const holds = run.some((link) => link.start <= span.start && link.end >= span.end);
      const named = run.some((link) =>
        tokens.slice(link.start, link.end + 1).some((token) => questionNames.has(token.normal)),
      );
      if (holds && !named && isList(run)) return { start: run[0]!.start, end: run[run.length - 1]!.end };
    }
  }
  return span;
}
