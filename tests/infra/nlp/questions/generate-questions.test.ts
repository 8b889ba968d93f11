import { describe, expect, it } from 'vitest';
import { generateQuestions } from '../../../../infra/nlp/questions/generate-questions.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function questionsFor(text: string, count = 10): string[] {
  return generateQuestions(nlp.analyze(text), { count });
}

describe('generateQuestions', () => {
  it('asks when, with the verb inverted around the subject', () => {
    expect(questionsFor('The bridge was built in 1931.')).toContain('When was the bridge built?');
    expect(questionsFor('The council approved the plan on Tuesday.')).toContain(
      'When did the council approve the plan?',
    );
    expect(questionsFor('On Tuesday, the council approved the plan.')).toContain(
      'When did the council approve the plan?',
    );
  });

  it('asks how many, how much and how long about numbers after the verb', () => {
    expect(questionsFor('The bridge carries about 22,000 vehicles a day.')).toContain(
      'How many vehicles does the bridge carry a day?',
    );
    expect(questionsFor('The city paid $300 million for the stadium.')).toContain(
      'How much did the city pay for the stadium?',
    );
    expect(questionsFor('The battery lasts for three days.')).toContain('How long does the battery last?');
    expect(questionsFor('The tower is 330 metres tall.')).toContain('How tall is the tower?');
    expect(questionsFor('More than 6 million people visited the tower in 2019.')).toContain(
      'How many people visited the tower in 2019?',
    );
  });

  it('asks who for a subject that acts on itself or reports something', () => {
    expect(questionsFor('The goalkeeper composed himself to finish the match with a clean sheet.')).toContain(
      'Who composed himself to finish the match with a clean sheet?',
    );
  });

  it('keeps the reported clause of "said", or asks nothing about the report', () => {
    const questions = questionsFor(
      'Local radio station Radio Nord says the hikers, aged 30 and 34, were found by a farmer.',
    );
    expect(questions).not.toContain('Who says the hikers?');
    expect(questions.every((question) => !/ says the hikers\?$/.test(question))).toBe(true);
    expect(questionsFor('The spokesman said that the phone was out of power.')).toContain(
      'Who said that the phone was out of power?',
    );
  });

  it('stops the question before "and" opens a clause with a new named subject', () => {
    const questions = questionsFor(
      'Ada Brandt has also been cast in a lead role and Tom Ekberg will reprise his role from the first film.',
    );
    expect(questions.some((question) => question.includes('Tom Ekberg will'))).toBe(false);
    expect(questions).toContain('Who has also been cast in a lead role?');
  });

  it('asks nothing in the first person of someone quoted in a news story', () => {
    const story =
      'The search for the missing climber was called off on Friday. Police said strong winds hindered the search. ' +
      'The climber had worked as a guide for ten years. My thoughts are with his family. ' +
      'The park service will publish a report next month. Officials thanked the volunteers.';
    const questions = questionsFor(story);
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.some((question) => /\b(?:my|i|we|our)\b/i.test(question))).toBe(false);
  });

  it('keeps the capital of a nationality in a how-many question', () => {
    expect(questionsFor('Two Danish sailors have been arrested for painting their names on a lighthouse.')).toContain(
      'How many Danish sailors have been arrested for painting their names on a lighthouse?',
    );
  });

  it('asks who about a person, and resolves "he", "she" and "it" to what the text named before', () => {
    expect(questionsFor('Mayor Elena Vasquez opened the new library.')).toContain('Who opened the new library?');
    const biography = questionsFor(
      'Marie Curie was a physicist who studied radioactivity. In 1903 she shared the Nobel Prize in Physics with Henri Becquerel.',
    );
    expect(biography).toContain('Who did Marie Curie share the Nobel Prize in Physics with?');
    expect(questionsFor('The Eiffel Tower stands in Paris. It is named after the engineer Gustave Eiffel.')).toContain(
      'Who is the Eiffel Tower named after?',
    );
  });

  it('asks what a thing is, why something happened and where', () => {
    expect(questionsFor('Redis is an in-memory data store.')).toContain('What is Redis?');
    expect(questionsFor('The city closed the bridge because engineers found cracks.')).toContain(
      'Why did the city close the bridge?',
    );
    expect(questionsFor('The company opened a new factory in Lyon.')).toContain(
      'Where did the company open a new factory?',
    );
  });

  it('speaks of "the author" for a first-person review and of the product for "they"', () => {
    const review = questionsFor('I bought the Aurora headphones in May. They are very comfortable.');
    expect(review).toContain('When did the author buy the Aurora headphones?');
    expect(review).toContain('Are the Aurora headphones very comfortable?');
  });

  it('does not ask negated, quoted or unparseable sentences, and returns fewer questions for a tiny text', () => {
    expect(questionsFor('The coffee is not good.')).toEqual([]);
    expect(questionsFor('"We will rebuild it," said the mayor.')).toEqual([]);
    expect(questionsFor('The cat sat on the mat.', 5).length).toBeLessThan(5);
  });

  it('asks nothing of a sentence that quotes with single quotes, nor with a bracket cut from its pair', () => {
    expect(questionsFor("The rail company said 'the line will reopen soon' after the storm.")).toEqual([
      'What does the text say about the rail company?',
    ]);
    expect(questionsFor('Postings are (mostly) free and they are read by many people.')).toEqual([]);
  });

  it('asks nothing of an inverted clause ("Little does it know ...")', () => {
    expect(questionsFor('Little does it know there is a storm coming.')).toEqual([]);
  });

  it('does not ask "What" before a bare verb in -s, which reads as a plural noun', () => {
    const questions = questionsFor(
      'The museum was built by a local firm. The tower also features a clock with a chime.',
    );
    expect(questions).toContain('Does the tower feature a clock with a chime?');
    expect(questions).not.toContain('What features a clock with a chime?');
  });

  it('does not ask about a number of a later clause than the verb the question keeps', () => {
    const questions = questionsFor(
      'The sailors received fines, a warning and were banned from the port for four years.',
    );
    expect(questions.some((question) => question.startsWith('How long'))).toBe(false);
  });

  it('does not ask how long about a duration that describes a noun ("six-month sentences")', () => {
    const questions = questionsFor('The two sailors received six-month suspended prison sentences on Monday.');
    expect(questions.some((question) => question.startsWith('How long'))).toBe(false);
  });

  it('does not ask "When" of a sentence that keeps a "when" clause', () => {
    const questions = questionsFor('The club signed the striker in 2014 when its captain left for Madrid.');
    expect(questions.some((question) => question.startsWith('When'))).toBe(false);
    expect(questions).toContain('Did the club sign the striker in 2014 when its captain left for Madrid?');
  });

  it('resolves "they" to the plural subject of the sentence before, not to a noun spelt apart from its lemma ("harbour")', () => {
    const questions = questionsFor(
      'Two sailors were arrested in the harbour on Monday. They received suspended prison sentences.',
    );
    expect(questions).toContain('Did two sailors receive suspended prison sentences?');
    expect(questions.some((question) => question.includes('the harbour receive'))).toBe(false);
  });

  it('varies its questions and puts them in text order', () => {
    const questions = questionsFor(
      'The museum opened in 1998. It attracts about 400,000 visitors a year. The museum was designed by Frank Gehry. ' +
        'Its collection includes more than 2,000 paintings. The museum closed in 2020 because of the pandemic.',
      5,
    );
    expect(questions).toHaveLength(5);
    expect(new Set(questions.map((question) => question.split(' ')[0])).size).toBeGreaterThan(1);
    expect(questions[0]?.startsWith('When did the museum open')).toBe(true);
  });
});
