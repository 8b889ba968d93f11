import { describe, expect, it } from 'vitest';
import { createDockerignoreMatcher } from './dockerignore-matcher.js';

describe('createDockerignoreMatcher', () => {
  const matcher = createDockerignoreMatcher(
    [
      '# comment',
      '**/node_modules',
      '/dist',
      'docs/*.md',
      '!docs/keep.md',
      'logs/**',
      '*.lo?',
      'tests',
      'a/[bc]d',
      '',
    ].join('\n'),
  );

  it.each([
    ['node_modules/x/index.js', true],
    ['packages/app/node_modules/y.js', true],
    ['dist/server/main.js', true],
    ['src/dist/main.js', false],
    ['docs/guide.md', true],
    ['docs/keep.md', false],
    ['docs/deep/guide.md', false],
    ['logs/2026/01.txt', true],
    ['app.log', true],
    ['sub/app.log', false],
    ['tests/fixtures/sample-texts.ts', true],
    ['tests-helper.ts', false],
    ['a/bd', true],
    ['a/dd', false],
    ['src/index.ts', false],
  ])('%s excluded: %s', (path, excluded) => {
    expect(matcher.isExcluded(path)).toBe(excluded);
  });

  it('names the pattern that excludes a path, parents included', () => {
    expect(matcher.matchingPattern('tests/fixtures/sample-texts.ts')).toBe('tests');
    expect(matcher.matchingPattern('src/index.ts')).toBeUndefined();
    expect(matcher.hasExceptions).toBe(true);
  });

  it('lets the last matching pattern win', () => {
    const reincluded = createDockerignoreMatcher('*.md\n!README.md\nREADME.md');
    expect(reincluded.isExcluded('README.md')).toBe(true);
    expect(createDockerignoreMatcher('*.md\n!README.md').isExcluded('README.md')).toBe(false);
  });
});
