import { describe, expect, it } from 'vitest';
import { linkLines } from '../../../../infra/nlp/summarize/link-lines.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

describe('link lines', () => {
  it('marks the headline of a link set in the copy of a story', () => {
    const { sentences } = nlp.analyze(
      'The council voted to rebuild the river bridge on Tuesday. Engineers found deep cracks in two supports last year.\n\n' +
        'Pope says it is fine to spank children .\n\nWork on the new bridge will begin in June.',
    );
    const links = linkLines(sentences);
    expect([...links].map((index) => sentences[index]?.text)).toEqual(['Pope says it is fine to spank children .']);
  });

  it('marks none in tokenised copy, where every full stop follows a space', () => {
    const { sentences } = nlp.analyze(
      'The council voted to rebuild the river bridge on Tuesday . Engineers found deep cracks in two supports . ' +
        'Work on the new bridge will begin in June .',
    );
    expect(sentences.length).toBeGreaterThan(1);
    expect(linkLines(sentences).size).toBe(0);
  });
});
