/**
 * Robust readers for what language models actually write: JSON wrapped in code fences or prose,
 * lists as bullets, numbers or JSON arrays. They return `undefined` when nothing usable is found;
 * callers turn that into a rejected answer, never into a silent default.
 */

const FENCE = /```(?:json|JSON)?\s*([\s\S]*?)```/;
/** A code fence that opens a line: a list wrapped in one, not backticks inside an item. */
const LIST_FENCE = /^[ \t]*```(?:json|JSON)?\s*([\s\S]*?)```/m;

/** The first balanced `{…}` object in the text (after unwrapping a code fence), parsed. */
export function extractJsonObject(text: string): Record<string, unknown> | undefined {
  const fenced = FENCE.exec(text);
  const candidates = fenced?.[1] ? [fenced[1], text] : [text];
  for (const candidate of candidates) {
    for (let start = candidate.indexOf('{'); start !== -1; start = candidate.indexOf('{', start + 1)) {
      const end = findObjectEnd(candidate, start);
      if (end === -1) continue;
      try {
        const parsed: unknown = JSON.parse(candidate.slice(start, end + 1));
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          return parsed as Record<string, unknown>;
        }
      } catch {
        // not JSON at this brace; try the next one
      }
    }
  }
  return undefined;
}

function findObjectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

const LIST_MARKER = /^\s*(?:[-*•–·]|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])\s+/;
const HEADING = /^\s*(?:#+\s*)?(?:key\s*points|questions|summary|here (?:are|is)[^:]*)\s*:?\s*$/i;

/**
 * Items of a list answer: a JSON array of strings, or lines with bullet/number markers. Plain
 * lines are accepted when no line has a marker. Markdown emphasis and surrounding quotes are removed.
 */
export function parseList(text: string): string[] {
  const trimmed = text.trim();
  const fenced = LIST_FENCE.exec(trimmed)?.[1]?.trim() || trimmed;
  if (fenced.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(fenced);
      if (Array.isArray(parsed)) {
        return parsed
          .filter((item): item is string => typeof item === 'string')
          .map(cleanItem)
          .filter(Boolean);
      }
    } catch {
      // fall through to line parsing
    }
  }
  const lines = fenced.split(/\r?\n/).filter((line) => line.trim() !== '' && !HEADING.test(line));
  const marked = lines.filter((line) => LIST_MARKER.test(line));
  const chosen = marked.length > 0 ? marked : lines;
  return tidyList(chosen.map((line) => line.replace(LIST_MARKER, '')));
}

/** List items as `parseList` leaves those it reads from lines: tidied, empty ones and repeats dropped. */
export function tidyList(items: readonly string[]): string[] {
  return dedupe(items.map(cleanItem).filter(Boolean));
}

function cleanItem(item: string): string {
  return item
    .trim()
    .replace(/^\*\*(.+)\*\*$/, '$1')
    .replace(/^["“](.+)["”]$/, '$1')
    .trim();
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prose answer: code fences and a leading "Summary:"/"Answer:" label removed, whitespace tidied. */
export function cleanProse(text: string): string {
  return text
    .replace(/^```[a-z]*\s*|```\s*$/g, '')
    .replace(/^\s*(?:summary|answer)\s*:\s*/i, '')
    .trim();
}

/** How many runs of non-whitespace the text has (what `/\S+/g` matches), counted in place:
 * matching would build every word of a request's text on each miss. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index += 1) {
    const space = isWhitespace(text.charCodeAt(index));
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}

/** The code units of `\s` in a JavaScript regular expression (WhiteSpace and LineTerminator). */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
