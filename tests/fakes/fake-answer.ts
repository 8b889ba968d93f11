/**
 * Deterministic, task-aware answers for the fake LLM server: it reads the prompt the way a model
 * would (the task from the instructions, the data from the fences) and answers in the format the
 * task asks for, so adapters and processors can be exercised end to end without a real model.
 */

export type FakeTask = 'summarize' | 'sentiment' | 'key_points' | 'questions' | 'qa';

export interface FakePrompt {
  readonly system: string;
  readonly user: string;
  /** The request asked for JSON output (response_format / responseMimeType). */
  readonly json: boolean;
}

export interface ReadPrompt {
  readonly task: FakeTask;
  readonly text: string;
  readonly question?: string;
  /** A count the instructions ask for ("5 key points"), when stated. */
  readonly count?: number;
  /** A word budget the instructions state ("about 50 words"), when stated. */
  readonly words?: number;
}

const FENCE = /^<<<(TEXT|QUESTION)-([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END-\1-\2>>>$/gim;
const LEGACY_FENCE = /---USER TEXT START---\s*([\s\S]*?)\s*---USER TEXT END---/i;
const STOP_WORDS = new Set(
  'the a an and or but of to in on at for with from by is are was were be been being this that these those it its as into about than then there their they them what which who whom whose when where why how not no does did do has have had will would can could should may might must very more most also just only over such'.split(
    ' ',
  ),
);
const POSITIVE = new Set(
  'good great excellent love loved lovely happy wonderful amazing best fantastic enjoy enjoyed pleased delighted positive success successful beautiful recommend like liked brilliant superb perfect glad helpful impressive praise praised friendly nice pleasant'.split(
    ' ',
  ),
);
const NEGATIVE = new Set(
  'bad terrible awful hate hated sad worst poor disappointing disappointed angry horrible broken fail failed failure negative problem problems slow useless annoying rude waste worse buggy crash crashed'.split(
    ' ',
  ),
);

/** The task, the fenced data and the stated count or length of a prompt. */
export function readPrompt(prompt: FakePrompt): ReadPrompt {
  let text: string | undefined;
  let question: string | undefined;
  for (const match of prompt.user.matchAll(FENCE)) {
    if (match[1]?.toUpperCase() === 'TEXT') text ??= match[3];
    else question ??= match[3];
  }
  text ??= LEGACY_FENCE.exec(prompt.user)?.[1] ?? prompt.user;
  const instructions = `${prompt.system}\n${prompt.user.replace(FENCE, ' ')}`.toLowerCase();
  const task: FakeTask =
    question !== undefined || /answer (?:the|this|a) question|question answering/.test(instructions)
      ? 'qa'
      : prompt.json || /sentiment/.test(instructions)
        ? 'sentiment'
        : /key[ _]points?|main points|bullet/.test(instructions)
          ? 'key_points'
          : /questions/.test(instructions)
            ? 'questions'
            : 'summarize';
  const count = /\b(\d{1,2})\b[^.\n\d]{0,40}?\b(?:points?|questions?|bullets?|items?)\b/.exec(instructions)?.[1];
  const words = /\b(\d{1,4})\s*words?\b/.exec(instructions)?.[1];
  return {
    task,
    text: text.trim(),
    ...(question !== undefined && { question: question.trim() }),
    ...(count !== undefined && { count: Number(count) }),
    ...(words !== undefined && { words: Number(words) }),
  };
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
}

function salientWord(sentence: string, used: ReadonlySet<string>): string {
  const candidates = wordsOf(sentence).filter((word) => word.length > 3 && !STOP_WORDS.has(word));
  const ranked = [...candidates].sort((left, right) => right.length - left.length);
  return ranked.find((word) => !used.has(word)) ?? ranked[0] ?? 'the text';
}

function withPeriod(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function summarize(text: string, budget: number): string {
  const sentences = sentencesOf(text);
  const first = sentences[0] ?? text;
  const firstWords = first.split(/\s+/);
  if (firstWords.length >= budget) return withPeriod(firstWords.slice(0, budget).join(' '));
  const chosen = [first];
  let total = firstWords.length;
  for (const sentence of sentences.slice(1)) {
    const length = sentence.split(/\s+/).length;
    if (total + length > budget) break;
    chosen.push(sentence);
    total += length;
  }
  return chosen.map(withPeriod).join(' ');
}

function sentiment(text: string): string {
  const words = wordsOf(text);
  const positive = words.filter((word) => POSITIVE.has(word)).length;
  const negative = words.filter((word) => NEGATIVE.has(word)).length;
  const score = positive - negative;
  const label = score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
  const confidence = label === 'neutral' ? 0.6 : Math.min(0.95, 0.65 + 0.1 * Math.abs(score));
  return JSON.stringify({
    sentiment: label,
    confidence: Math.round(confidence * 100) / 100,
    explanation: `The text has ${positive} positive and ${negative} negative cue words.`,
  });
}

function keyPoints(text: string, count: number): string {
  const sentences = sentencesOf(text);
  const used = new Set<string>();
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const sentence = sentences[index];
    if (sentence !== undefined) lines.push(`- ${sentence.replace(/[.!?]+$/, '')}`);
    else {
      const word = salientWord(text, used);
      used.add(word);
      lines.push(`- Further detail about ${word}`);
    }
  }
  return lines.join('\n');
}

const QUESTION_TEMPLATES = [
  (word: string) => `What does the text say about ${word}?`,
  (word: string) => `Why is ${word} important in this context?`,
  (word: string) => `How does ${word} relate to the main topic?`,
  (word: string) => `What are the consequences of ${word}?`,
  (word: string) => `Which details describe ${word}?`,
];

function questions(text: string, count: number): string {
  const sentences = sentencesOf(text);
  const used = new Set<string>();
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const word = salientWord(sentences[index % Math.max(1, sentences.length)] ?? text, used);
    used.add(word);
    const template = QUESTION_TEMPLATES[index % QUESTION_TEMPLATES.length] ?? QUESTION_TEMPLATES[0]!;
    lines.push(template(word));
  }
  return lines.join('\n');
}

function answer(text: string, question: string): string {
  const wanted = new Set(wordsOf(question).filter((word) => word.length > 2 && !STOP_WORDS.has(word)));
  const sentences = sentencesOf(text);
  let best = sentences[0] ?? text;
  let bestScore = 0;
  for (const sentence of sentences) {
    const score = wordsOf(sentence).filter((word) => wanted.has(word)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return withPeriod(best);
}

/** The fake model's answer to a prompt. */
export function toFakeAnswer(prompt: FakePrompt): string {
  const read = readPrompt(prompt);
  switch (read.task) {
    case 'sentiment':
      return sentiment(read.text);
    case 'key_points':
      return keyPoints(read.text, read.count ?? 3);
    case 'questions':
      return questions(read.text, read.count ?? 3);
    case 'qa':
      return answer(read.text, read.question ?? '');
    case 'summarize':
      return summarize(read.text, Math.min(read.words ?? 60, 200));
  }
}
