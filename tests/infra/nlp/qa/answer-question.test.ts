import { describe, expect, it } from 'vitest';
import { answerQuestion, NOT_IN_TEXT } from '../../../../infra/nlp/qa/answer-question.js';
import { classifyQuestion } from '../../../../infra/nlp/qa/answer-type.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

const TOWER =
  "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It is named after the engineer Gustave Eiffel, whose company designed and built the tower. Constructed from 1887 to 1889 as the entrance to the 1889 World's Fair, it was initially criticised by some of France's leading artists and intellectuals for its design. The tower is 330 metres tall, about the same height as an 81-storey building, and was the tallest man-made structure in the world for 41 years. More than 6 million people visit the tower every year.";

const SCIENTIST =
  'Marie Curie was a Polish-born physicist and chemist who conducted pioneering research on radioactivity. Born in Warsaw in 1867, she moved to Paris in 1891 to study at the University of Paris. In 1903 she shared the Nobel Prize in Physics with her husband Pierre Curie and Henri Becquerel. She won the Nobel Prize in Chemistry in 1911 for her discovery of the elements polonium and radium. Curie died in 1934 from aplastic anaemia, likely caused by long exposure to radiation.';

const COMPANY =
  'Northwind Labs was founded in 2012 by Priya Raman and employs 340 people. Its revenue grew by 18% last year to $52 million. The company opens its offices at 8:30 am. Raman, who is 44 years old, built the first prototype in her garage. The team reduced delivery times by automating the warehouse. Because demand kept rising, Northwind opened a second factory in Lyon.';

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('classifyQuestion', () => {
  it.each([
    ['Who founded the company?', 'person'],
    ['When did the war end?', 'date'],
    ['In what year was it built?', 'date'],
    ['What time does the office open?', 'time'],
    ['Where is the museum?', 'place'],
    ['Which city hosts the fair?', 'place'],
    ['How many people live there?', 'number'],
    ['How much does it cost?', 'money'],
    ['How much oxygen do algae produce?', 'amount'],
    ['What percentage of votes did she get?', 'percent'],
    ['How long does the battery last?', 'duration'],
    ['How old is the founder?', 'age'],
    ['Why did the bridge close?', 'reason'],
    ['How do I reset my password?', 'manner'],
    ['What is photosynthesis?', 'definition'],
    ['What does API stand for?', 'definition'],
    ['What did the council approve?', 'thing'],
    ['Is the bridge open?', 'yesno'],
    ['What is the oldest building on the campus?', 'thing'],
    ['What was the theme song for the film?', 'thing'],
  ])('reads "%s" as asking for a %s', (question, type) => {
    expect(classifyQuestion(nlp.analyze(question).tokens).answerType).toBe(type);
  });

  it('takes the head noun after "What is the ..." as the focus of a question that is no definition', () => {
    expect(classifyQuestion(nlp.analyze('What is the oldest building on the campus?').tokens).focus).toBe('building');
  });

  it('collects the search terms, the focus noun and the verb', () => {
    const query = classifyQuestion(nlp.analyze('How many vehicles does the bridge carry?').tokens);
    expect(query.terms).toEqual(['vehicle', 'bridge', 'carry']);
    expect(query.focus).toBe('vehicle');
    expect(query.verbs).toEqual(['carry']);
    expect(query.asksSubject).toBe(false);
    expect(classifyQuestion(nlp.analyze('Who approved the plan?').tokens).asksSubject).toBe(true);
    expect(classifyQuestion(nlp.analyze('What gas is released?').tokens).passive).toBe(true);
    expect(classifyQuestion(nlp.analyze('What did she die from?').tokens).preposition).toBe('from');
  });
});

describe('answerQuestion', () => {
  it.each([
    ['Who is the tower named after?', 'Gustave Eiffel'],
    ['Where is the Eiffel Tower?', 'Champ de Mars'],
    ['How tall is the tower?', '330 metres'],
    ['When was the tower constructed?', 'from 1887 to 1889'],
    ['How many people visit the tower every year?', 'More than 6 million people'],
    ['For how many years was it the tallest structure?', '41 years'],
    ['Who criticised the tower?', "some of France's leading artists and intellectuals"],
  ])('on an encyclopedia entry answers "%s" with "%s"', (question, expected) => {
    expect(answer(TOWER, question)).toBe(expected);
  });

  it.each([
    ['Where was Marie Curie born?', 'Warsaw'],
    ['When did she move to Paris?', '1891'],
    ['Who did she share the 1903 Nobel Prize with?', 'Pierre Curie and Henri Becquerel'],
    ['What did Curie die from?', 'aplastic anaemia'],
  ])('on a biography answers "%s" with "%s"', (question, expected) => {
    expect(answer(SCIENTIST, question)).toBe(expected);
  });

  it.each([
    ['Who founded Northwind Labs?', 'Priya Raman'],
    ['How many people does Northwind employ?', '340 people'],
    ['By what percentage did revenue grow?', '18%'],
    ['How much revenue did the company make last year?', '$52 million'],
    ['What time do the offices open?', '8:30 am'],
    ['How old is Raman?', '44 years old'],
    ['In which city did Northwind open a second factory?', 'Lyon'],
  ])('on a company profile answers "%s" with "%s"', (question, expected) => {
    expect(answer(COMPANY, question)).toBe(expected);
  });

  it('answers "What is the <attribute> of X?" with a name, not a definition of X', () => {
    const text =
      'The campus lies between two lakes. The oldest building on the campus is Old College, which was built in 1832. The library was opened in 1963.';
    expect(answer(text, 'What is the oldest building on the campus?')).toBe('Old College');
  });

  it('answers a yes/no question with the sentence that settles it', () => {
    expect(answer(SCIENTIST, 'Did Curie win the Nobel Prize in Chemistry?')).toBe(
      'She won the Nobel Prize in Chemistry in 1911 for her discovery of the elements polonium and radium.',
    );
  });

  it.each([
    [
      SCIENTIST,
      'What was Marie Curie?',
      'Marie Curie was a Polish-born physicist and chemist who conducted pioneering research on radioactivity.',
    ],
    [
      COMPANY,
      'How did the team reduce delivery times?',
      'The team reduced delivery times by automating the warehouse.',
    ],
  ])(
    'answers a question no rule family takes (how, what is) with its best sentence (case %#)',
    (text, question, sentence) => {
      expect(answer(text, question)).toBe(sentence);
    },
  );

  it('answers a why-question with the clause after "because"', () => {
    expect(answer(COMPANY, 'Why did Northwind open a second factory?')).toBe('Because demand kept rising');
  });

  it('says the text does not say when the question shares (almost) nothing with it', () => {
    expect(answer(COMPANY, 'Who won the football world cup?')).toBe(NOT_IN_TEXT);
    expect(answer(COMPANY, 'What is the boiling point of mercury in kelvin?')).toBe(NOT_IN_TEXT);
    expect(answer('# Title only', 'What is this?')).toBe(NOT_IN_TEXT);
  });

  it('matches names written without their accents', () => {
    const text = 'Zoë Dupré founded the Café Rêve bakery in Montréal in 2009. The bakery employs twelve bakers.';
    expect(answer(text, 'When did Zoe Dupre found the Cafe Reve bakery?')).toBe('2009');
    expect(answer(text, 'Who founded the Cafe Reve bakery in Montreal?')).toBe('Zoë Dupré');
  });

  it('answers a question without content words with the lead sentence', () => {
    expect(answer(COMPANY, 'What is it?')).toBe(
      'Northwind Labs was founded in 2012 by Priya Raman and employs 340 people.',
    );
  });
});
