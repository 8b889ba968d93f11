/** How a block of text is laid out: a heading or title, a list item, or a paragraph of prose. */
export type TextBlockKind = 'heading' | 'item' | 'prose';

export interface TextBlock {
  readonly kind: TextBlockKind;
  /** The block's text on one line, without its Markdown marker. */
  readonly text: string;
}

const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+(.*)$/;
const RULE_OR_UNDERLINE = /^\s*([-=*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^\s*(?:```|~~~)/;
const TERMINAL = /[.!?:;…"'”’)\]]$/;
const DANGLING_WORD = /\b(?:a|an|the|of|and|or|to|in|on|for|with|by|at|from|as|that|is|are|was|were)$/i;
const STARTS_LIKE_SENTENCE = /^["'“‘(]?[A-Z0-9]/;
const MAX_TITLE_WORDS = 14;

/**
 * Splits a text into blocks along its line structure, so that sentence splitting never runs a
 * heading, a title line or a list item into the next sentence. Fenced code is dropped; lines of a
 * hard-wrapped paragraph are joined.
 */
export function toTextBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: { kind: TextBlockKind; lines: string[] } | undefined;
  let inFence = false;

  const flush = () => {
    if (current) {
      const joined = current.lines.join(' ').replace(/\s+/g, ' ').trim();
      if (joined) blocks.push({ kind: current.kind, text: joined });
    }
    current = undefined;
  };

  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (const [index, line] of lines.entries()) {
    if (FENCE.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (!line.trim() || RULE_OR_UNDERLINE.test(line)) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', text: heading[1] ?? '' });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      current = { kind: 'item', lines: [item[1] ?? ''] };
      continue;
    }
    if (!current) {
      current = { kind: 'prose', lines: [line] };
      if (isTitleLine(line, lines.slice(index + 1))) {
        current.kind = 'heading';
        flush();
      }
      continue;
    }
    const previous = current.lines[current.lines.length - 1] ?? '';
    if (TERMINAL.test(previous.trim())) {
      flush();
      current = { kind: 'prose', lines: [line] };
    } else {
      current.lines.push(line);
    }
  }
  flush();
  return blocks.filter((block) => block.text.length > 0);
}

/** A short first line without final punctuation, followed by more text that starts a sentence. */
function isTitleLine(line: string, following: readonly string[]): boolean {
  const trimmed = line.trim();
  if (TERMINAL.test(trimmed) || /[,\-–—]$/.test(trimmed) || DANGLING_WORD.test(trimmed)) return false;
  if (trimmed.split(/\s+/).length > MAX_TITLE_WORDS) return false;
  const next = following.find((candidate) => candidate.trim())?.trim();
  return next !== undefined && STARTS_LIKE_SENTENCE.test(next);
}
