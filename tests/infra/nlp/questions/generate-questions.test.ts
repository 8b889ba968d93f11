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
    expect(questionsFor('McIlroy composed himself to finish with a second round of 70.')).toContain(
      'Who composed himself to finish with a second round of 70?',
    );
  });

  it('keeps the reported clause of "said", or asks nothing about the report', () => {
    const questions = questionsFor(
      'Daily newspaper La Stampa says the women, aged 21 and 25, were spotted by fellow tourists.',
    );
    expect(questions).not.toContain('Who says the women?');
    expect(questions.every((question) => !/ says the women\?$/.test(question))).toBe(true);
    expect(questionsFor('The spokesman said that the phone was out of power.')).toContain(
      'Who said that the phone was out of power?',
    );
  });

  it('stops the question before "and" opens a clause with a new named subject', () => {
    const questions = questionsFor(
      'Liam Hemsworth has also been cast in a lead role and Jeff Goldblum will reprise his role from the original.',
    );
    expect(questions.some((question) => question.includes('Jeff Goldblum will'))).toBe(false);
    expect(questions).toContain('Who has also been cast in a lead role?');
  });

  it('asks nothing in the first person of someone quoted in a news story', () => {
    const story =
      'The search for the missing diver was called off on Friday. Police said strong currents hindered the search. ' +
      'The diver had worked for the company for ten years. My condolences go out to his family. ' +
      'The coast guard will publish a report next month. Officials thanked the volunteers.';
    const questions = questionsFor(story);
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.some((question) => /\b(?:my|i|we|our)\b/i.test(question))).toBe(false);
  });

  it('keeps the capital of a nationality in a how-many question', () => {
    expect(questionsFor('Two American women have been arrested for carving their initials into a wall.')).toContain(
      'How many American women have been arrested for carving their initials into a wall?',
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
