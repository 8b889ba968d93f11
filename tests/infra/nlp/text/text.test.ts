import { describe, expect, it } from 'vitest';
import { scoreBm25 } from '../../../../infra/nlp/text/bm25.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';
import { toTextBlocks } from '../../../../infra/nlp/text/text-blocks.js';
import { asProse, countWords, truncateWords } from '../../../../infra/nlp/text/words.js';

describe('toTextBlocks', () => {
  it('separates headings, list items and paragraphs and drops fenced code', () => {
    const blocks = toTextBlocks(
      [
        '# Setup',
        '',
        'Install the tool.',
        'It needs Node.',
        '',
        '- First item',
        '* Second item',
        '1. Third item',
        '',
        '```',
        'npm install',
        '```',
        'Done.',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Setup' },
      { kind: 'prose', text: 'Install the tool.' },
      { kind: 'prose', text: 'It needs Node.' },
      { kind: 'item', text: 'First item' },
      { kind: 'item', text: 'Second item' },
      { kind: 'item', text: 'Third item' },
      { kind: 'prose', text: 'Done.' },
    ]);
  });

  it('joins the lines of a hard-wrapped paragraph and of a wrapped list item', () => {
    expect(
      toTextBlocks(
        'The council voted on Tuesday to\napprove the plan for the new bridge.\n- a long item that\n  continues here',
      ),
    ).toEqual([
      { kind: 'prose', text: 'The council voted on Tuesday to approve the plan for the new bridge.' },
      { kind: 'item', text: 'a long item that continues here' },
    ]);
  });

  it('reads a short first line without punctuation as a title, but not a lone line', () => {
    expect(toTextBlocks('Riverton approves bridge plan\nThe council voted on Tuesday.')).toEqual([
      { kind: 'heading', text: 'Riverton approves bridge plan' },
      { kind: 'prose', text: 'The council voted on Tuesday.' },
    ]);
    expect(toTextBlocks('loving this new phone')).toEqual([{ kind: 'prose', text: 'loving this new phone' }]);
    expect(toTextBlocks('A line ending with the\nnext line.')).toEqual([
      { kind: 'prose', text: 'A line ending with the next line.' },
    ]);
  });

  it('treats horizontal rules and setext underlines as breaks', () => {
    expect(toTextBlocks('First part.\n---\nSecond part.').map((block) => block.text)).toEqual([
      'First part.',
      'Second part.',
    ]);
  });
});

describe('createTextAnalyzer', () => {
  const nlp = createTextAnalyzer();

  it('splits sentences within blocks, never across them, and keeps "Node.js" whole', () => {
    const analysis = nlp.analyze(
      '# Requirements\nIt requires Node.js 20 or later. It also needs Redis.\n- Set the key',
    );
    expect(analysis.sentences.map((sentence) => [sentence.kind, sentence.text])).toEqual([
      ['heading', 'Requirements'],
      ['prose', 'It requires Node.js 20 or later.'],
      ['prose', 'It also needs Redis.'],
      ['item', 'Set the key'],
    ]);
  });

  it('does not end a sentence at a title before a name ("Fr. Lund", "Rev. Mara Holt")', () => {
    const analysis = nlp.analyze(
      "The hall stands on the site of Fr. Lund's first chapel. Rev. Mara Holt served as warden. It grew.",
    );
    expect(analysis.sentences.map((sentence) => sentence.text)).toEqual([
      "The hall stands on the site of Fr. Lund's first chapel.",
      'Rev. Mara Holt served as warden.',
      'It grew.',
    ]);
  });

  it('can be created many times in one process (the model package keeps state between instances)', () => {
    const instances = Array.from({ length: 16 }, () => createTextAnalyzer());
    const last = instances[instances.length - 1]?.analyze('Work begins in June 2025.');
    expect(last?.entities.map((entity) => entity.text)).toEqual(['June 2025']);
  });

  it('finds dates, amounts and numbers, tied to their sentence', () => {
    const analysis = nlp.analyze('The plan costs $45 million. Work begins in June 2025.');
    expect(analysis.entities.map((entity) => [entity.text, entity.type, entity.sentence])).toEqual([
      ['$45 million', 'MONEY', 0],
      ['June 2025', 'DATE', 1],
    ]);
  });
});

describe('text helpers', () => {
  it('count words, end prose with a full stop and cut to a word limit with an ellipsis', () => {
    expect(countWords('  one two\nthree ')).toBe(3);
    expect(countWords('   ')).toBe(0);
    expect(asProse('Set the key,')).toBe('Set the key.');
    expect(asProse('Is it done?')).toBe('Is it done?');
    expect(truncateWords('One, two, three, four.', 3)).toBe('One, two, three…');
  });
});

describe('scoreBm25', () => {
  it('ranks the passage with the rarer matching terms first and scores non-matching passages zero', () => {
    const scores = scoreBm25(
      [
        ['bridge', 'council', 'vote'],
        ['bridge', 'build', '1931'],
        ['mayor', 'say', 'june'],
      ],
      ['bridge', 'build'],
    );
    expect(scores[1]).toBeGreaterThan(scores[0] ?? 0);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[2]).toBe(0);
    expect(scoreBm25([], ['bridge'])).toEqual([]);
  });
});
