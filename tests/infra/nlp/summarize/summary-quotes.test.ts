import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../infra/nlp/summarize/summarize.js';
import { quotedSentences } from '../../../../infra/nlp/summarize/summary-quotes.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function quotedTexts(text: string): string[] {
  const analysis = nlp.analyze(text);
  const quoted = quotedSentences(analysis.sentences);
  return analysis.sentences.filter((sentence) => quoted.has(sentence.index)).map((sentence) => sentence.text);
}

describe('quoted sentences', () => {
  it('marks the sentences of a quotation, also those that do not open with the quotation mark', () => {
    const text =
      'The pope spoke on Friday. "I do not know, even two or three. Two have already passed," he said. ' +
      'He also announced a jubilee.';
    expect(quotedTexts(text)).toEqual(['"I do not know, even two or three.', 'Two have already passed," he said.']);
  });

  it('reads a quotation reopened by the next sentence as one quotation', () => {
    const text = 'The coach was upset. "We played badly. "We have to improve." The team plays again on Sunday.';
    expect(quotedTexts(text)).toEqual(['"We played badly.', '"We have to improve."']);
  });

  it('leaves sentences with a quoted phrase inside them unquoted', () => {
    expect(quotedTexts('The rally, called "Israel Wants Change," drew 40,000 people. It was peaceful.')).toEqual([]);
  });

  it('starts each paragraph unquoted, so a stray quotation mark does not spread', () => {
    const text = 'Set the width to 5" for the frame. Cut the glass to fit.\n\nThe frame holds the glass.';
    expect(quotedTexts(text)).toEqual(['Cut the glass to fit.']);
  });
});

describe('local summary of news copy', () => {
  it('leaves out quoted speech and headlines of links set in the copy', () => {
    const text =
      'Police in Springfield arrested two men on Monday after a bank robbery downtown. ' +
      '"They will not get away with it. I am sure of it," the police chief said. ' +
      'City council votes on new bridge budget . ' +
      'The two men were found with the stolen money in a car near the river. ' +
      'A judge will hear the case on Friday.';
    const summary = summarize(nlp.analyze(text), { maxLength: 40 });
    expect(summary).toContain('Police in Springfield arrested two men');
    expect(summary).not.toContain('I am sure of it');
    expect(summary).not.toContain('bridge budget');
  });
});
