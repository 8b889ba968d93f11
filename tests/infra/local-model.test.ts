import { describe, expect, it } from 'vitest';
import { isModelError } from '../../domain/errors.js';
import { OPERATIONS, type Operation, type ResolvedOptions } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import type { Payload } from '../../domain/processor-definition.js';
import { PROCESSORS } from '../../domain/processors.js';
import { SentimentResultSchema } from '../../domain/schemas.js';
import { createLocalModel, toPayload } from '../../infra/ai/local-model.js';
import type { NlpEngine } from '../../infra/nlp/index.js';
import { createModelRequest } from '../fakes/model-request.js';
import {
  EDUCATIONAL_TEXT,
  NEGATIVE_REVIEW,
  NEWS_ARTICLE,
  POSITIVE_REVIEW,
  SAMPLE_TEXTS,
  TECHNICAL_DOCS,
} from '../../clients/playground/sample-texts.js';

const model = createLocalModel();

function request(operation: Operation, text: string, extra: Extra = {}): ModelRequest {
  return createModelRequest(operation, { text, ...extra });
}

type Extra = { question?: string; options?: Partial<ResolvedOptions> };

async function run(operation: Operation, text: string, extra: Extra = {}): Promise<Payload> {
  return (await model.generate(request(operation, text, extra))).payload;
}

/** The summary or the answer. */
async function resultOf(operation: 'summarize' | 'qa', text: string, extra: Extra = {}): Promise<string> {
  return (await run(operation, text, extra)).result ?? '';
}

/** The key points or the questions. */
async function itemsOf(operation: 'key_points' | 'questions', text: string, extra: Extra = {}): Promise<string[]> {
  const payload = await run(operation, text, extra);
  return payload.key_points ?? payload.questions ?? [];
}

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

/** The text with whitespace collapsed, to check that extracted sentences come from it. */
function normalised(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('createLocalModel', () => {
  it('identifies itself as the local provider', () => {
    expect(model.provider).toBe('local');
    expect(model.model).toBe('local-nlp-1');
    expect(createLocalModel({ model: 'local-test' }).model).toBe('local-test');
  });

  it('answers every operation with a payload the domain checks accept', async () => {
    for (const sample of SAMPLE_TEXTS) {
      for (const operation of OPERATIONS) {
        const modelRequest = request(operation, sample.text, { question: sample.question });
        const response = await model.generate(modelRequest);
        expect(response.model).toBe('local-nlp-1');
        const payload = PROCESSORS[operation].check(response.payload, modelRequest.input);
        expect(payload, `${operation} on ${sample.id}: ${JSON.stringify(response.payload)}`).toBeDefined();
      }
    }
  });

  it("maps the engine's results to payloads, falling back when a result is unusable", () => {
    const engine: NlpEngine = {
      summarize: () => '',
      analyzeSentiment: () => ({ sentiment: 'positive', confidence: 0.9, explanation: 'Good.' }),
      extractKeyPoints: () => [],
      generateQuestions: () => ['Is it fresh?'],
      answerQuestion: () => 'Tom',
    };
    const input = (operation: Operation) => request(operation, 'Tom bakes  bread every day.').input;
    expect(toPayload(engine, input('summarize'))).toEqual({ result: 'Tom bakes bread every day…' });
    expect(toPayload(engine, input('sentiment'))).toEqual({
      sentiment: { sentiment: 'positive', confidence: 0.9, explanation: 'Good.' },
    });
    expect(toPayload(engine, input('key_points'))).toEqual({ key_points: ['Tom bakes bread every day.'] });
    expect(toPayload(engine, input('questions'))).toEqual({ questions: ['Is it fresh?'] });
    expect(toPayload(engine, input('qa'))).toEqual({ result: 'Tom' });
  });

  it('rejects an already aborted request with a timeout error', async () => {
    const controller = new AbortController();
    controller.abort();
    const error: unknown = await model
      .generate(request('summarize', NEWS_ARTICLE.text), controller.signal)
      .catch((caught: unknown) => caught);
    expect(isModelError(error) && error.kind).toBe('timeout');
    expect(isModelError(error) && error.provider).toBe('local');
    expect(isModelError(error) && error.isRetryable).toBe(true);
  });

  it('reports an internal failure as a server error of the local provider', async () => {
    const broken = request('summarize', NEWS_ARTICLE.text);
    const invalid = { ...broken, input: { ...broken.input, operation: 'translate' as Operation } };
    const error: unknown = await model.generate(invalid).catch((caught: unknown) => caught);
    expect(isModelError(error) && error.kind).toBe('server');
    expect(isModelError(error) && error.provider).toBe('local');
  });
});

describe('local summaries', () => {
  it.each([10, 25, 60, 100])('stay within max_length = %i words', async (maxLength) => {
    for (const sample of SAMPLE_TEXTS) {
      const summary = await resultOf('summarize', sample.text, { options: { max_length: maxLength } });
      expect(words(summary).length, summary).toBeLessThanOrEqual(maxLength);
      expect(words(summary).length).toBeGreaterThanOrEqual(Math.min(maxLength, 5));
    }
  });

  it('is made of sentences of the text, the lead sentence of a news story first', async () => {
    const summary = await resultOf('summarize', NEWS_ARTICLE.text, { options: { max_length: 100 } });
    expect(summary.startsWith('The city council of Riverton voted 7 to 2')).toBe(true);
    const sentences = summary.split(/(?<=\.)\s+(?=[A-Z])/);
    expect(sentences.length).toBeGreaterThan(1);
    for (const sentence of sentences) expect(normalised(NEWS_ARTICLE.text)).toContain(sentence);
  });

  it('cuts a too long best sentence at a clause, or at the word limit with an ellipsis', async () => {
    const clause = await resultOf('summarize', NEWS_ARTICLE.text, { options: { max_length: 30 } });
    expect(clause).toBe(
      'The city council of Riverton voted 7 to 2 on Tuesday to approve a $45 million plan to rebuild the Old Mill Bridge.',
    );
    const cut = await resultOf('summarize', NEWS_ARTICLE.text, { options: { max_length: 10 } });
    expect(words(cut)).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('does not cut a long sentence between a reporting verb and what it reports', async () => {
    const text =
      'Daily Italian newspaper La Stampa says the two women, aged 21 and 25, were spotted carving their initials into a wall of the Colosseum by other tourists. ' +
      'Security staff called the police, who arrested them on the spot. The women were released later that day.';
    const summary = await resultOf('summarize', text, { options: { max_length: 14 } });
    expect(summary).not.toBe('Daily Italian newspaper La Stampa says the two women.');
    expect(summary.startsWith('Daily Italian newspaper La Stampa says the two women')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('leaves headings and code out of a documentation summary', async () => {
    const summary = await resultOf('summarize', TECHNICAL_DOCS.text, { options: { max_length: 60 } });
    expect(summary).toContain('Stashd is a lightweight caching service');
    expect(summary).not.toContain('#');
    expect(summary).not.toContain('Configuring the cache');
  });
});

describe('local sentiment', () => {
  async function sentimentOf(text: string) {
    return SentimentResultSchema.parse((await run('sentiment', text)).sentiment);
  }

  it('reads a positive review as positive, naming its cues', async () => {
    const result = await sentimentOf(POSITIVE_REVIEW.text);
    expect(result.sentiment).toBe('positive');
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    expect(result.explanation).toMatch(/^Positive cues \(".+"\)/);
    expect(result.explanation).toContain('"excellent"');
  });

  it('reads a negative review as negative with high confidence', async () => {
    const result = await sentimentOf(NEGATIVE_REVIEW.text);
    expect(result.sentiment).toBe('negative');
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
    expect(result.explanation).toContain('"very disappointing"');
  });

  it('reads negation: "not good" is negative, "not bad" positive', async () => {
    const notGood = await sentimentOf('The coffee is not good.');
    expect(notGood.sentiment).toBe('negative');
    expect(notGood.explanation).toContain('"not good"');
    expect((await sentimentOf('Honestly, the food was not bad at all.')).sentiment).toBe('positive');
    expect((await sentimentOf("I wouldn't recommend this phone to anyone.")).sentiment).toBe('negative');
  });

  it('is more confident when an intensifier strengthens the cue', async () => {
    const plain = await sentimentOf('The service was good.');
    const intensified = await sentimentOf('The service was very good.');
    expect(plain.sentiment).toBe('positive');
    expect(intensified.confidence).toBeGreaterThan(plain.confidence);
    expect(intensified.explanation).toContain('"very good"');
  });

  it('weighs what follows "but" more than what precedes it', async () => {
    expect((await sentimentOf('The screen is great, but the battery life is terrible.')).sentiment).toBe('negative');
    expect((await sentimentOf('The battery is a bit weak, but overall it is a fantastic laptop.')).sentiment).toBe(
      'positive',
    );
  });

  it('reads factual texts as neutral', async () => {
    expect((await sentimentOf(TECHNICAL_DOCS.text)).sentiment).toBe('neutral');
    expect((await sentimentOf(EDUCATIONAL_TEXT.text)).sentiment).toBe('neutral');
    const plain = await sentimentOf('The meeting is on Tuesday at 3 pm in room 204.');
    expect(plain).toEqual({
      sentiment: 'neutral',
      confidence: 0.85,
      explanation: 'No positive or negative wording; the text reads as neutral and factual.',
    });
  });

  it('counts emoticons and emphasis in short social posts', async () => {
    expect((await sentimentOf('new phone arrived today :)')).sentiment).toBe('positive');
    expect((await sentimentOf('Flight delayed AGAIN. Worst airline ever!!!')).sentiment).toBe('negative');
  });
});

describe('local key points', () => {
  it('returns at most max_points points, each from the text, in text order', async () => {
    const points = await itemsOf('key_points', NEWS_ARTICLE.text, { options: { max_points: 3 } });
    expect(points).toHaveLength(3);
    const positions = points.map((point) => {
      const position = normalised(NEWS_ARTICLE.text).indexOf(point.slice(0, 38));
      expect(position, point).toBeGreaterThanOrEqual(0);
      return position;
    });
    expect([...positions].sort((first, second) => first - second)).toEqual(positions);
  });

  it('returns fewer points than asked for when the text has fewer sentences', async () => {
    const points = await itemsOf(
      'key_points',
      'The library opens at nine on weekdays. It closes early on public holidays.',
      {
        options: { max_points: 5 },
      },
    );
    expect(points).toEqual(['The library opens at nine on weekdays.', 'It closes early on public holidays.']);
  });

  it('never repeats a point', async () => {
    const repeated = `${NEGATIVE_REVIEW.text}\n\n${NEGATIVE_REVIEW.text}`;
    const points = await itemsOf('key_points', repeated, { options: { max_points: 10 } });
    expect(new Set(points).size).toBe(points.length);
    expect(points.length).toBeLessThanOrEqual(7);
  });

  it('keeps list items of documentation as points and strips their markers', async () => {
    const points = await itemsOf('key_points', TECHNICAL_DOCS.text, { options: { max_points: 5 } });
    expect(points).toContain('`STASHD_TTL` sets how long an entry stays cached, in seconds.');
    for (const point of points) expect(point).not.toMatch(/^[-*#]/);
  });
});

describe('local questions', () => {
  it.each([1, 3, 5, 8])('returns exactly %i distinct questions ending in "?"', async (count) => {
    for (const sample of [NEWS_ARTICLE, POSITIVE_REVIEW, TECHNICAL_DOCS, EDUCATIONAL_TEXT]) {
      const questions = await itemsOf('questions', sample.text, { options: { num_questions: count } });
      expect(questions, sample.id).toHaveLength(count);
      expect(new Set(questions).size).toBe(count);
      for (const question of questions) expect(question).toMatch(/^[A-Z].*\?$/);
    }
  });

  it('asks typed questions whose answers are in the text', async () => {
    const questions = await itemsOf('questions', NEWS_ARTICLE.text, { options: { num_questions: 8 } });
    expect(questions).toContain('When was the bridge built?');
    expect(questions).toContain('How many council members voted against the plan?');
    expect(questions.some((question) => question.startsWith('Who '))).toBe(true);
  });

  it('asks what a documented thing is', async () => {
    const questions = await itemsOf('questions', TECHNICAL_DOCS.text, { options: { num_questions: 5 } });
    expect(questions[0]).toBe('What is Stashd?');
  });

  it('falls back to one general question when the text offers no sentence to ask about', async () => {
    expect(await itemsOf('questions', 'Hello there!!', { options: { num_questions: 3 } })).toEqual([
      'What is the main point of the text?',
    ]);
  });
});

describe('local question answering', () => {
  it.each([
    ['Who owns a bakery on Main Street?', 'Tom Becker'],
    ['When was the bridge built?', '1931'],
    ['When will construction begin?', 'June 2025'],
    ['How many vehicles does the bridge carry a day?', 'about 22,000 vehicles'],
    ['How long will construction take?', 'about 18 months'],
    ['How often will the shuttle bus run?', 'every 15 minutes'],
    ['What river does the bridge cross?', 'Calder River'],
    ['Who found cracks in the supports?', 'Engineers from the state transportation department'],
    ['How many council members voted against the plan?', 'Two council members'],
  ])('answers "%s" on the news story with the span "%s"', async (question, answer) => {
    expect(await resultOf('qa', NEWS_ARTICLE.text, { question })).toBe(answer);
  });

  it.each([
    ['positive-review', 'How much do the headphones cost?', '$149'],
    ['negative-review', 'How many times did the reviewer contact customer support?', 'four times'],
    ['educational', 'Where does photosynthesis take place?', 'in the leaves'],
  ])('answers on the %s text "%s" with "%s"', async (id, question, answer) => {
    const sample = SAMPLE_TEXTS.find((candidate) => candidate.id === id);
    expect(await resultOf('qa', sample?.text ?? '', { question })).toBe(answer);
  });

  it.each([
    ['docs', 'What is the default TTL?', 'The default is 3600 seconds.'],
    [
      'docs',
      'How can I inspect the cache?',
      'You can inspect the cache at any time by calling the `/stats` endpoint, which reports hits, misses and the current number of entries.',
    ],
    [
      'educational',
      'What is chlorophyll?',
      'Chloroplasts contain chlorophyll, a green pigment that absorbs red and blue light and reflects green light, which is why leaves look green.',
    ],
  ])(
    'answers on the %s text "%s", which no rule family takes (what is, how), with its best sentence',
    async (id, question, sentence) => {
      const sample = SAMPLE_TEXTS.find((candidate) => candidate.id === id);
      expect(await resultOf('qa', sample?.text ?? '', { question })).toBe(sentence);
    },
  );

  it('answers "What is X called?" with the name after "known as" (the naming family)', async () => {
    const sample = SAMPLE_TEXTS.find((candidate) => candidate.id === 'educational');
    expect(await resultOf('qa', sample?.text ?? '', { question: 'What is the second stage called?' })).toBe(
      'the Calvin cycle',
    );
  });

  it('answers a why-question on the docs text with the clause after "because" (the reason family)', async () => {
    const sample = SAMPLE_TEXTS.find((candidate) => candidate.id === 'docs');
    expect(await resultOf('qa', sample?.text ?? '', { question: 'Why are some responses never cached?' })).toBe(
      'because Stashd skips such requests',
    );
  });

  it('answers with the best sentence when no span fits the question', async () => {
    const answer = await resultOf('qa', TECHNICAL_DOCS.text, { question: 'What happens when Redis is unavailable?' });
    expect(answer).toBe(
      'When Redis is unavailable, Stashd keeps serving entries from memory and logs a warning instead of failing the request.',
    );
  });

  it('says so when the text does not relate to the question', async () => {
    expect(await resultOf('qa', NEWS_ARTICLE.text, { question: 'Who is the CEO of Acme Corporation?' })).toBe(
      'The text does not say.',
    );
    expect(await resultOf('qa', TECHNICAL_DOCS.text, { question: 'What is the capital of Australia?' })).toBe(
      'The text does not say.',
    );
  });
});

describe('local model determinism and size', () => {
  it('gives the same answers to the same requests, across instances', async () => {
    const other = createLocalModel();
    for (const sample of SAMPLE_TEXTS) {
      for (const operation of OPERATIONS) {
        const modelRequest = request(operation, sample.text, { question: sample.question });
        const first = await model.generate(modelRequest);
        const second = await model.generate(modelRequest);
        const third = await other.generate(modelRequest);
        expect(second.payload).toEqual(first.payload);
        expect(third.payload).toEqual(first.payload);
      }
    }
  });

  it('processes a 10 KB text with every operation', async () => {
    let text = '';
    for (let index = 0; text.length < 10_000; index += 1)
      text += `${SAMPLE_TEXTS[index % SAMPLE_TEXTS.length]?.text ?? ''}\n\n`;
    text = text.slice(0, 10_000);
    for (const operation of OPERATIONS) {
      const modelRequest = request(operation, text, { question: 'When was the bridge built?' });
      const response = await model.generate(modelRequest);
      expect(PROCESSORS[operation].check(response.payload, modelRequest.input), operation).toBeDefined();
    }
    expect(await resultOf('qa', text, { question: 'When was the bridge built?' })).toBe('1931');
    expect(await itemsOf('questions', text, { options: { num_questions: 20 } })).toHaveLength(20);
  });
});

describe('local model edge cases', () => {
  it('summarises a text of list items only, and answers a qa request without a question', async () => {
    const summary = await resultOf('summarize', '- Fast setup\n- Low memory use\n- Works offline', {
      options: { max_length: 10 },
    });
    expect(words(summary).length).toBeLessThanOrEqual(10);
    expect(summary.length).toBeGreaterThan(0);
    const blank = request('qa', 'The garage opens next spring.');
    const answer = await model.generate({ ...blank, input: { ...blank.input, question: '  ' } });
    expect(answer.payload).toEqual({ result: 'The text does not say.' });
  });

  it('keeps a whole-text key point for a text without sentences', async () => {
    expect(await run('key_points', '!!! ??? !!!')).toEqual({ key_points: ['!!! ??? !!!'] });
  });
});
