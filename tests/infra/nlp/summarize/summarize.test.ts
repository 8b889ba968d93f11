import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../infra/nlp/summarize/summarize.js';
import { rankSentences } from '../../../../infra/nlp/text/sentence-ranking.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();
const words = (text: string) => text.trim().split(/\s+/).length;

const STORY =
  'The city council voted on Tuesday to rebuild the old river bridge for 45 million dollars. ' +
  'The bridge carries about 22,000 vehicles a day across the river. ' +
  'Engineers found deep cracks in two of the bridge supports last October. ' +
  'The council voted on Tuesday to rebuild the old river bridge for 45 million dollars. ' +
  'A local bakery also won a prize for its bread at the county fair. ' +
  'Construction of the new bridge will begin in June and take about 18 months. ' +
  'Traffic will use the northern bridge while the river bridge is rebuilt.';

describe('summaries', () => {
  it('fill the word budget with whole sentences, in text order', () => {
    const summary = summarize(nlp.analyze(STORY), { maxLength: 45 });
    expect(words(summary)).toBeLessThanOrEqual(45);
    expect(words(summary)).toBeGreaterThan(30);
    const sentences = summary.split(/(?<=\.)\s+/);
    for (const sentence of sentences) expect(STORY).toContain(sentence);
    const positions = sentences.map((sentence) => STORY.indexOf(sentence));
    expect(positions).toEqual([...positions].sort((first, second) => first - second));
  });

  it('leave out a sentence that repeats one already chosen', () => {
    const summary = summarize(nlp.analyze(STORY), { maxLength: 60 });
    expect(summary).toContain('The city council voted on Tuesday');
    expect(summary).not.toContain('The council voted on Tuesday');
  });

  it('summarise tokenised copy, whose every full stop follows a space', () => {
    const tokenised = STORY.replace(/([.,])/g, ' $1').replace(/(\d) , (\d)/g, '$1,$2');
    const summary = summarize(nlp.analyze(tokenised), { maxLength: 45 });
    expect(summary).toContain('The city council voted on Tuesday');
    expect(words(summary)).toBeGreaterThan(30);
  });

  it('count the words a reader counts: spaced dashes take none of the budget', () => {
    const dashed = 'The city council voted -- on Tuesday -- to rebuild the old river bridge. ' + STORY;
    const summary = summarize(nlp.analyze(dashed), { maxLength: 13 });
    expect(summary).toBe('The city council voted -- on Tuesday -- to rebuild the old river bridge.');
  });

  it('rank by TextRank centrality: the off-topic sentence comes last', () => {
    const ranked = rankSentences(nlp.analyze(STORY), { positionWeight: 0, centrality: 'graph' });
    const lowest = [...ranked].sort((first, second) => first.score - second.score)[0];
    expect(lowest?.sentence.text).toContain('bakery');
  });
});
