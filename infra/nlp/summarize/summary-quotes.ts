import type { Sentence } from '../text/text-analyzer.js';

const OPENING = /^["“]/;

/**
 * Which sentences are quoted speech: those that open with a quotation mark and those inside a
 * quotation opened by an earlier sentence ("Two have already passed," he said.). A quotation
 * left open at the end of a paragraph and reopened by the next sentence, as news copy does, is
 * read as one quotation; a new paragraph or list item starts unquoted. A summary in the writer's own voice leaves these out.
 */
export function quotedSentences(sentences: readonly Sentence[]): ReadonlySet<number> {
  const quoted = new Set<number>();
  let open = false;
  let block = -1;
  for (const sentence of sentences) {
    if (sentence.block !== block) open = false;
    block = sentence.block;
    const text = sentence.text.trim();
    const reopens = OPENING.test(text);
    if (reopens) open = false;
    if (open || reopens) quoted.add(sentence.index);
    for (const mark of text.match(/["“”]/g) ?? []) {
      if (mark === '“') open = true;
      else if (mark === '”') open = false;
      else open = !open;
    }
  }
  return quoted;
}
