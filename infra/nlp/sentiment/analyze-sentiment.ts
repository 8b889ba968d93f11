import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { spanText } from '../text/tokens.js';
import type { SentimentLexicon } from './sentiment-lexicon.js';
import {
  lexiconFeatures,
  scoreWithSentimentModel,
  sentimentFeatureValues,
  type SentimentModel,
  type SentimentModelCue,
  type SentimentModelScore,
} from './sentiment-model.js';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentAnalysis {
  readonly sentiment: SentimentLabel;
  /** 0..1. */
  readonly confidence: number;
  readonly explanation: string;
}

/** A word or phrase that moved the score, with its signed weight. */
interface Cue {
  readonly text: string;
  readonly weight: number;
}

interface SentenceScore {
  readonly compound: number;
  readonly cues: readonly Cue[];
}

// Rule constants of VADER (Hutto & Gilbert, 2014).
const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const NEGATION_SCALAR = -0.74;
const EXCLAMATION_BOOST = 0.292;
const NORMALISER = 15;
/** |score| below which a text is neutral: VADER's 0.05 for a sentence or two; longer texts
 * average their sentences, and factual prose drifts a little further from zero. */
const NEUTRAL_BAND = 0.05;
const NEUTRAL_BAND_LONG = 0.08;

const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...[
    'absolutely',
    'amazingly',
    'awfully',
    'completely',
    'considerably',
    'deeply',
    'especially',
    'exceptionally',
    'extremely',
    'fully',
    'greatly',
    'highly',
    'hugely',
    'incredibly',
    'intensely',
    'particularly',
    'purely',
    'quite',
    'really',
    'remarkably',
    'so',
    'substantially',
    'super',
    'thoroughly',
    'totally',
    'tremendously',
    'truly',
    'unbelievably',
    'unusually',
    'utterly',
    'very',
    'most',
    'more',
    'too',
    'seriously',
    'insanely',
    // "perfectly ordinary", "perfectly fine": degree, not praise (VADER rates it +3.2).
    'perfectly',
  ].map((word) => [word, BOOST] as const),
  ...[
    'almost',
    'barely',
    'hardly',
    'kinda',
    'less',
    'little',
    'marginally',
    'occasionally',
    'partly',
    'scarcely',
    'slightly',
    'somewhat',
    'sorta',
    'fairly',
    'rather',
  ].map((word) => [word, -BOOST] as const),
]);

const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'nobody',
  'nowhere',
  'neither',
  'nor',
  'without',
  'cannot',
  'hardly',
  'rarely',
  'seldom',
  'lack',
  'lacks',
  'lacking',
  'nope',
]);

/** Words that shift the weight to what follows them: "good, but slow" is mostly "slow". */
function isContrast(token: Token): boolean {
  const { normal } = token;
  return (
    normal === 'but' ||
    normal === 'however' ||
    normal === 'nevertheless' ||
    normal === 'nonetheless' ||
    (normal === 'yet' && token.pos === 'CCONJ')
  );
}

const CONCESSIVE_START = new Set(['although', 'though', 'despite', 'while', 'even']);

/** Lexicon words whose sentiment depends on their part of speech or neighbours. */
function isSentimentUse(tokens: readonly Token[], position: number): boolean {
  const token = tokens[position];
  if (!token) return false;
  const previous = tokens[position - 1]?.normal;
  const next = tokens[position + 1]?.normal;
  switch (token.normal) {
    case 'like':
    case 'likes':
      return token.pos === 'VERB' && previous !== 'would' && previous !== 'd';
    case 'kind':
      return token.pos === 'ADJ' && next !== 'of';
    case 'pretty':
      return token.pos === 'ADJ';
    case 'well':
      return previous !== 'as' && next !== 'as';
    case 'fine':
      return token.pos !== 'NOUN';
    case 'please':
    case 'no':
      return token.pos === 'INTJ';
    case 'support':
    case 'supports':
    case 'help':
      // "customer support", "the bridge's concrete supports" name things; "it supports" praises.
      if (['DET', 'ADJ', 'PART', 'NOUN'].includes(tokens[position - 1]?.pos ?? '')) return false;
      return token.pos === 'VERB' || (token.normal === 'help' && previous !== 'customer' && previous !== 'technical');
    case 'cancelling':
    case 'canceling':
      return previous !== 'noise';
    default:
      return true;
  }
}

/** Lexicon ratings this weak are noise outside social media ("number", "reach"). */
const MIN_VALENCE = 0.5;

function valenceOf(tokens: readonly Token[], position: number, lexicon: SentimentLexicon): number | undefined {
  const token = tokens[position];
  if (!token) return undefined;
  let valence: number | undefined;
  if (token.type === 'emoticon' || token.type === 'emoji') {
    // "://" in a URL reads as an emoticon: only free-standing ones count.
    const next = tokens[position + 1];
    const standsAlone = (position === 0 || token.spaceBefore !== '') && (!next || next.spaceBefore !== '');
    valence = standsAlone || token.type === 'emoji' ? lexicon.get(token.text) : undefined;
  } else if (token.type === 'word') {
    const lower = token.text.toLowerCase();
    valence =
      lexicon.get(lower) ?? lexicon.get(token.normal) ?? (token.pos === 'VERB' ? lexicon.get(token.lemma) : undefined);
  }
  return valence !== undefined && Math.abs(valence) >= MIN_VALENCE ? valence : undefined;
}

/** Multi-word expressions of reviews, by lemma, that no single word carries. */
const PHRASES: readonly (readonly [readonly string[], number])[] = [
  [['not', 'wait'], 1.8],
  [['stop', 'work'], -2.0],
  [['not', 'work'], -1.8],
  [['fall', 'apart'], -2.0],
  [['not', 'buy'], -1.5],
  [['buy', 'again'], 1.5],
  [['never', 'again'], -1.5],
  [['die', 'for'], 2.5],
  [['stay', 'away'], -1.5],
  [['look', 'elsewhere'], -1.5],
  [['leave', 'a', 'lot', 'to', 'be', 'desire'], -1.8],
  [['no', 'flavor'], -1.5],
  [['no', 'taste'], -1.5],
  [['waste', 'of', 'time'], -2.2],
  [['waste', 'of', 'money'], -2.2],
  [['go', 'back'], 0.8],
  [['come', 'back'], 0.8],
];

/** Nouns rated for social media ("friend", "party") say little about a product or an event. */
const NOUN_FACTOR = 0.6;

/** Rated words that read as neutral in reviews and news ("please contact", "for sure", "definitely"). */
const NEUTRAL_WORDS: ReadonlySet<string> = new Set(['please', 'sure', 'definitely', 'certainly', 'pita', 'yes']);
function isAllCaps(token: Token): boolean {
  return token.type === 'word' && token.text.length > 1 && /\p{Lu}/u.test(token.text) && !/\p{Ll}/u.test(token.text);
}

function scoreSentence(tokens: readonly Token[], lexicon: SentimentLexicon, emphasisMatters: boolean): SentenceScore {
  const cues: Cue[] = [];
  const contrastAt = tokens.findIndex(isContrast);
  const concessiveEnd = CONCESSIVE_START.has(tokens[0]?.normal ?? '')
    ? tokens.findIndex((token) => token.text === ',')
    : -1;
  const imperativeNegation = tokens[0]?.normal === 'do' && tokens[1]?.normal === 'not';
  const hasValence = (position: number) =>
    valenceOf(tokens, position, lexicon) !== undefined && isSentimentUse(tokens, position);

  for (let position = 0; position < tokens.length; position += 1) {
    const token = tokens[position];
    if (!token) continue;
    const phrase = matchPhrase(tokens, position);
    let end = position;
    let valence: number;
    if (phrase) {
      valence = phrase.valence;
      end = position + phrase.length - 1;
    } else {
      if (BOOSTERS.has(token.normal) || NEGATORS.has(token.normal) || NEUTRAL_WORDS.has(token.normal)) continue;
      const base = valenceOf(tokens, position, lexicon);
      if (base === undefined || !isSentimentUse(tokens, position)) continue;
      valence = token.pos === 'NOUN' ? base * NOUN_FACTOR : base;
      if (emphasisMatters && isAllCaps(token)) valence += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;
    }

    let from = position;
    let negated = false;
    for (let distance = 1; distance <= 3; distance += 1) {
      const previous = tokens[position - distance];
      if (!previous || previous.pos === 'PUNCT' || isContrast(previous)) break;
      // A negation or an intensifier belongs to the nearest sentiment word before this one.
      if (hasValence(position - distance)) break;
      const boost = BOOSTERS.get(previous.normal);
      if (
        (previous.normal === 'bit' || previous.normal === 'little') &&
        tokens[position - distance - 1]?.normal === 'a'
      ) {
        valence *= 0.6;
        from = Math.min(from, position - distance - 1);
      } else if (boost !== undefined) {
        const damped = boost * (distance === 1 ? 1 : distance === 2 ? 0.95 : 0.9);
        valence += valence > 0 ? damped : -damped;
        from = Math.min(from, position - distance);
      }
      // "very few laughs", "less surprises": a scarce good thing is a complaint ("a few laughs" is not).
      const scarce =
        (previous.normal === 'few' || previous.normal === 'less') &&
        tokens[position - distance - 1]?.normal !== 'a' &&
        valence > 0;
      const negates = (NEGATORS.has(previous.normal) || scarce) && tokens[position - distance + 1]?.normal !== 'only';
      if (negates && !negated) {
        negated = true;
        from = Math.min(from, position - distance);
        // "Don't waste your money" stays negative; "could not be happier" is praise.
        const keepsSign =
          (imperativeNegation && valence < 0) ||
          (token.pos === 'ADJ' && /er$/.test(token.normal) && tokens[position - 1]?.normal === 'be');
        if (!keepsSign) valence *= NEGATION_SCALAR;
      }
    }
    // "could have been much better": praise of what the work is not.
    if (valence > 0 && isCounterfactual(tokens, position)) valence *= NEGATION_SCALAR;
    if (contrastAt >= 0) valence *= position < contrastAt ? 0.5 : 1.5;
    else if (concessiveEnd > 0 && position < concessiveEnd) valence *= 0.5;
    // "n't" is read with its verb: "wouldn't recommend", "can't wait".
    if (tokens[from]?.text.toLowerCase().startsWith("n'") && from > 0) from -= 1;
    cues.push({ text: spanText(tokens, from, end).toLowerCase(), weight: valence });
    position = end;
  }

  let sum = cues.reduce((total, cue) => total + cue.weight, 0);
  const exclamations = Math.min(4, tokens.filter((token) => token.text === '!').length);
  if (sum !== 0 && exclamations > 0) sum += (sum > 0 ? 1 : -1) * exclamations * EXCLAMATION_BOOST;
  return { compound: normalise(sum), cues };
}

const COUNTERFACTUAL_MODALS: ReadonlySet<string> = new Set(['could', 'should', 'would', 'might']);

/** A modal, "have" and "been" within the five words before `position` ("should have been funnier"). */
function isCounterfactual(tokens: readonly Token[], position: number): boolean {
  for (let index = Math.max(0, position - 5); index + 2 < position; index += 1) {
    if (
      COUNTERFACTUAL_MODALS.has(tokens[index]?.normal ?? '') &&
      tokens[index + 1]?.normal === 'have' &&
      tokens[index + 2]?.normal === 'been'
    )
      return true;
  }
  return false;
}

function matchPhrase(tokens: readonly Token[], position: number): { valence: number; length: number } | undefined {
  for (const [words, valence] of PHRASES) {
    const matches = words.every((word, offset) => {
      const token = tokens[position + offset];
      return token !== undefined && (token.lemma === word || token.normal === word);
    });
    if (matches) return { valence, length: words.length };
  }
  return undefined;
}

function normalise(score: number): number {
  return score / Math.sqrt(score * score + NORMALISER);
}

/**
 * The text's polarity, -1..1, before it is banded into a label: with the classifier `model`, its
 * probability of "positive" minus that of "negative"; without, the lexicon's score (the one score
 * of a text of a sentence or two, else the weighted mean of its sentences' scores).
 */
export function scoreSentiment(analysis: TextAnalysis, lexicon: SentimentLexicon, model?: SentimentModel): number {
  const scored = scoreText(analysis, lexicon, model);
  if (!scored.model) return scored.lexiconPolarity;
  return scored.model.probabilities[2] - scored.model.probabilities[0];
}

/**
 * The classifier's inputs for a text: its word and word-pair features, read sentence by sentence
 * (a "but" reweighs its own sentence only), and the lexicon's reading of it. Shared with the
 * training script, so the model is trained on exactly what it sees.
 */
export function sentimentInputs(analysis: TextAnalysis, lexicon: SentimentLexicon): Map<string, number> {
  return scoreText(analysis, lexicon).values;
}

interface ScoredText {
  readonly lexiconPolarity: number;
  readonly scores: SentenceScore[];
  readonly sentenceCount: number;
  readonly values: Map<string, number>;
  readonly model?: SentimentModelScore;
}

function scoreText(analysis: TextAnalysis, lexicon: SentimentLexicon, model?: SentimentModel): ScoredText {
  const words = analysis.sentences.filter((sentence) => sentence.wordCount > 0);
  // Section headings ("Troubleshooting") label content; they carry the tone only of a text made of them.
  const prose = words.filter((sentence) => sentence.kind !== 'heading');
  const sentences = prose.length >= 2 ? prose : words;
  const allCaps = analysis.tokens.filter((token) => token.type === 'word').every(isAllCaps);
  const tokens = sentences.map((sentence) => tokensIn(analysis, sentence));
  const scores = tokens.map((sentenceTokens) => scoreSentence(sentenceTokens, lexicon, !allCaps));

  let lexiconPolarity = 0;
  if (sentences.length <= 2) {
    const sum = scores.flatMap((score) => score.cues).reduce((total, cue) => total + cue.weight, 0);
    lexiconPolarity = scores.length === 1 ? (scores[0]?.compound ?? 0) : normalise(sum);
  } else {
    let weighted = 0;
    let totalWeight = 0;
    for (const [position, score] of scores.entries()) {
      const weight = position === scores.length - 1 ? 1.5 : position === 0 ? 1.2 : 1;
      weighted += weight * score.compound;
      totalWeight += weight;
    }
    lexiconPolarity = totalWeight === 0 ? 0 : weighted / totalWeight;
  }
  const hasCues = scores.some((score) => score.cues.length > 0);
  const values = lexiconFeatures(lexiconPolarity, hasCues);
  for (const sentenceTokens of tokens) {
    for (const [feature, value] of sentimentFeatureValues(sentenceTokens)) {
      values.set(feature, Math.max(value, values.get(feature) ?? 0));
    }
  }
  return {
    lexiconPolarity,
    scores,
    sentenceCount: sentences.length,
    values,
    ...(model ? { model: scoreWithSentimentModel(model, values) } : {}),
  };
}

/**
 * Sentiment from a linear classifier over the text's words, word pairs (negation scope marked) and
 * the reading of VADER's lexicon and rules (negation, intensifiers, capitals, "but", exclamation
 * marks); without a `model`, from the lexicon's reading alone. The confidence is the classifier's
 * probability of its verdict; the explanation names the lexicon's cues, or the classifier's.
 */
export function analyzeSentiment(
  analysis: TextAnalysis,
  lexicon: SentimentLexicon,
  model?: SentimentModel,
): SentimentAnalysis {
  const scored = scoreText(analysis, lexicon, model);
  const cues = scored.scores.flatMap((score) => score.cues);
  const positive = cues.filter((cue) => cue.weight > 0);
  const negative = cues.filter((cue) => cue.weight < 0);
  const positiveMass = positive.reduce((total, cue) => total + cue.weight, 0);
  const negativeMass = -negative.reduce((total, cue) => total + cue.weight, 0);
  const totalMass = positiveMass + negativeMass;
  const dominance = totalMass === 0 ? 0 : Math.abs(positiveMass - negativeMass) / totalMass;

  let sentiment: SentimentLabel;
  let confidence: number;
  if (scored.model) {
    sentiment = scored.model.label;
    const [negativeP, neutralP, positiveP] = scored.model.probabilities;
    const probability = sentiment === 'neutral' ? neutralP : sentiment === 'positive' ? positiveP : negativeP;
    confidence = Math.min(0.99, Math.max(0.5, probability));
  } else {
    const polarity = scored.lexiconPolarity;
    const band = scored.sentenceCount <= 2 ? NEUTRAL_BAND : NEUTRAL_BAND_LONG;
    sentiment =
      totalMass === 0 ? 'neutral' : polarity >= band ? 'positive' : polarity <= -band ? 'negative' : 'neutral';
    if (sentiment === 'neutral') {
      const lean = Math.min(1, Math.abs(polarity) / band);
      confidence = totalMass === 0 ? 0.8 : 0.5 + 0.25 * (1 - lean);
    } else {
      const strength = Math.min(1, Math.abs(polarity) / 0.5);
      confidence = 0.55 + 0.4 * strength * (0.5 + 0.5 * dominance);
    }
  }

  const modelCues = scored.model && sentiment !== 'neutral' ? scored.model.cues : [];
  return {
    sentiment,
    confidence: Math.round(confidence * 100) / 100,
    explanation: explain(
      sentiment,
      sentiment === 'positive' ? withModelCues(strongest(positive), modelCues, 1) : strongest(positive),
      sentiment === 'negative' ? withModelCues(strongest(negative), modelCues, -1) : strongest(negative),
    ),
  };
}

/** The lexicon's cues of one direction, or when it has none the classifier's strongest features. */
function withModelCues(cues: string[], modelCues: readonly SentimentModelCue[], sign: 1 | -1): string[] {
  if (cues.length > 0) return cues;
  return modelCues
    .filter((cue) => Math.sign(cue.weight) === sign && /\p{L}/u.test(cue.feature))
    .slice(0, 3)
    .map((cue) => `"${cue.feature.replace(/^not_/, 'not ')}"`);
}

function tokensIn(analysis: TextAnalysis, sentence: Sentence): readonly Token[] {
  return analysis.tokens.slice(sentence.start, sentence.end + 1).filter((token) => token.pos !== 'SPACE');
}

function strongest(cues: readonly Cue[], limit = 3): string[] {
  const seen = new Set<string>();
  const picked: string[] = [];
  const ordered = [...cues].sort((first, second) => Math.abs(second.weight) - Math.abs(first.weight));
  for (const cue of ordered) {
    if (seen.has(cue.text)) continue;
    seen.add(cue.text);
    picked.push(`"${cue.text}"`);
    if (picked.length === limit) break;
  }
  return picked;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function explain(sentiment: SentimentLabel, positive: readonly string[], negative: readonly string[]): string {
  if (sentiment === 'positive' && positive.length === 0) {
    return `The wording reads as positive overall, despite negative cues (${list(negative)}).`;
  }
  if (sentiment === 'negative' && negative.length === 0) {
    return `The wording reads as negative overall, despite positive cues (${list(positive)}).`;
  }
  if (sentiment === 'positive') {
    return negative.length > 0
      ? `Positive cues (${list(positive)}) outweigh negative ones (${list(negative)}).`
      : `Positive cues (${list(positive)}) and no negative ones.`;
  }
  if (sentiment === 'negative') {
    return positive.length > 0
      ? `Negative cues (${list(negative)}) outweigh positive ones (${list(positive)}).`
      : `Negative cues (${list(negative)}) and no positive ones.`;
  }
  if (positive.length > 0 && negative.length > 0) {
    return `Positive cues (${list(positive)}) and negative cues (${list(negative)}) balance out.`;
  }
  if (positive.length > 0 || negative.length > 0) {
    return `Only weak cues (${list([...positive, ...negative])}) in an otherwise factual text.`;
  }
  return 'No positive or negative wording; the text reads as neutral and factual.';
}
