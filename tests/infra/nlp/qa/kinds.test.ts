import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { classifyQuestion } from '../../../../infra/nlp/qa/answer-type.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

const SINGER =
  'Lena Morrow writes folk ballads for a small rural audience. While she mostly releases Danish songs, she recorded several Portuguese songs for a Portuguese-language audience.';

const VALLEY =
  'The Harlow valley grows wheat on its eastern slopes. Farmers there also grow barley, rye and sugar beet on the lower fields, which flood every spring.';

const STORM =
  'The storm struck the coast on Friday. In Port Elwin, nine farms were flooded. Across the county, at least 4,200 farm buildings were flooded.';

describe('answers that name a language', () => {
  it('returns the language word for a what-language question', () => {
    const text = 'Lena Morrow writes folk ballads for a small rural audience. She mostly releases Danish songs.';
    expect(answer(text, 'What language does Lena Morrow mostly release songs in?')).toBe('Danish');
  });

  it('passes over the language the question already names', () => {
    expect(answer(SINGER, 'Besides Danish, what other language has she recorded songs in?')).toBe('Portuguese');
  });
});

describe('answers that are lists', () => {
  it('marks a question about a plural or counted noun as asking for many', () => {
    expect(classifyQuestion(nlp.analyze('Which crops do the farmers grow?').tokens).asksMany).toBe(true);
    expect(classifyQuestion(nlp.analyze('What three crops do they grow?').tokens).asksMany).toBe(true);
    expect(classifyQuestion(nlp.analyze('What crop do they grow?').tokens).asksMany).toBeUndefined();
  });

  it('does not read the subject after "do" as the noun asked for', () => {
    expect(classifyQuestion(nlp.analyze('What do farmers need to grow barley?').tokens).asksMany).toBeUndefined();
  });

  it('returns a list of names with a comma before its "and" rather than the phrase that names their kind', () => {
    const text =
      'Starting in late 2019, three regional carriers, Northwind, Bluejet, Skyway, and Aerolux, signed deals to add charging ports.';
    expect(answer(text, 'Which carriers signed deals to add charging ports?')).toBe(
      'Northwind, Bluejet, Skyway, and Aerolux',
    );
  });

  it('returns the whole list for a question about a plural noun', () => {
    expect(answer(VALLEY, 'Besides wheat, which crops do the farmers grow on the lower fields?')).toBe(
      'barley, rye and sugar beet',
    );
  });
});

describe('how-many questions about a compound noun', () => {
  it('takes the compound head as the counted noun', () => {
    expect(classifyQuestion(nlp.analyze('How many farm buildings were flooded?').tokens).focus).toBe('building');
  });

  it('returns the number that counts the compound, not one that counts its first noun', () => {
    expect(answer(STORM, 'How many farm buildings were flooded?')).toBe('at least 4,200 farm buildings');
  });
});

describe('the asked-for noun after the answer', () => {
  it('keeps the noun the question asks about when it follows the name ("Delta region")', () => {
    const text =
      'In the Delta region, which covers most of the southern coast, Harrow Ale is the best-selling beer of the Kestrel brewery. The brewery opened in 1998.';
    expect(answer(text, 'In what region is Harrow Ale the best-selling Kestrel beer?')).toBe('Delta region');
  });
});
