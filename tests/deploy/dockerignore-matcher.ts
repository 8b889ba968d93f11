/**
 * `.dockerignore` as Docker reads it (moby/patternmatcher): one pattern per line, `#` comments,
 * a leading `!` re-includes, patterns are cleaned and anchored at the context root, `*` and `?`
 * stay within one path segment, `**` spans any number of segments, a pattern that matches a
 * parent directory matches everything below it, and the last matching pattern wins.
 */

interface Pattern {
  readonly regex: RegExp;
  readonly exclusion: boolean;
  readonly source: string;
}

export interface DockerignoreMatcher {
  /** True when `path` (relative to the context root, `/`-separated) is left out of the context. */
  isExcluded(path: string): boolean;
  /** The first pattern that matches `path` itself or one of its parents, for error messages. */
  matchingPattern(path: string): string | undefined;
  /** Some patterns re-include (`!`): an excluded directory may still hold included files. */
  readonly hasExceptions: boolean;
}

function clean(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function toRegex(pattern: string): RegExp {
  let source = '^';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index += 1;
        if (index + 1 === pattern.length) {
          source += '.*';
        } else {
          if (pattern[index + 1] === '/') index += 1;
          source += '(.*/)?';
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end < 0) throw new Error(`.dockerignore: unterminated [ in "${pattern}"`);
      const body = pattern.slice(index + 1, end).replace(/^!/, '^');
      source += `[${body.replaceAll('\\', '\\\\')}]`;
      index = end;
    } else if (char === '\\') {
      index += 1;
      source += (pattern[index] ?? '').replace(/[.+^${}()|[\]\\]/g, '\\$&');
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`${source}$`);
}

export function createDockerignoreMatcher(text: string): DockerignoreMatcher {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const cleaned = clean(line);
    if (cleaned === '') continue;
    patterns.push({ regex: toRegex(cleaned), exclusion, source: raw.trim() });
  }

  const parentsOf = (path: string): string[] => {
    const parts = path.split('/');
    return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
  };
  const matches = (pattern: Pattern, path: string) =>
    pattern.regex.test(path) || parentsOf(path).some((parent) => pattern.regex.test(parent));

  return {
    hasExceptions: patterns.some((pattern) => pattern.exclusion),
    isExcluded(path) {
      const file = clean(path);
      let excluded = false;
      for (const pattern of patterns) {
        // As patternmatcher: an exception only matters once something excluded the path, and
        // an exclusion only once it is included again.
        if (pattern.exclusion !== excluded) continue;
        if (matches(pattern, file)) excluded = !pattern.exclusion;
      }
      return excluded;
    },
    matchingPattern(path) {
      const file = clean(path);
      return patterns.find((pattern) => !pattern.exclusion && matches(pattern, file))?.source;
    },
  };
}
