/** Words as a reader counts them: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

/** A sentence as it reads in running prose: list items and titles get a final full stop. */
export function asProse(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["'”’)]?$/.test(trimmed) ? trimmed : `${trimmed.replace(/[,;:\-–—]+$/, '')}.`;
}

/** The first `maxWords` words of a text, ending with an ellipsis. */
export function truncateWords(text: string, maxWords: number): string {
  const words = text.trim().split(/\s+/).slice(0, Math.max(1, maxWords));
  const last = (words.pop() ?? '').replace(/[,;:.!?\-–—]+$/, '');
  return [...words, `${last}…`].join(' ');
}
