/** Bylines and credits ("CNN's Jill Martin contributed to this report.", "All rights reserved."). */
export const CREDIT_LINE =
  /\b(?:contributed (?:to )?(?:this|the) (?:report|story|article)|contributed reporting|all rights reserved)\b|^(?:copyright|©)/i;
/** A news dateline before the first sentence: "(CNN)", "London (CNN)", "Kuala Lumpur (CNN) -- ". */
const DATELINE = /^(?:[\p{Lu}][\p{L}.,' -]{0,40}\s)?\((?:CNN|AP|Reuters|Rolling Stone|EW\.com)\)(?:\s*--\s*)?/u;

/** The sentence without a leading news dateline ("London (CNN)"), capitalised again. */
export function withoutDateline(text: string): string {
  const stripped = text.replace(DATELINE, '');
  return stripped && stripped !== text ? stripped.charAt(0).toUpperCase() + stripped.slice(1) : text;
}
