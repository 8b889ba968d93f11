import type { Token } from '../text/text-analyzer.js';
import { isContentToken, termOf } from '../text/tokens.js';

/** What kind of answer a question asks for. */
export type AnswerType =
  | 'person'
  | 'place'
  | 'date'
  | 'time'
  | 'number'
  | 'money'
  | 'amount'
  | 'percent'
  | 'duration'
  | 'age'
  | 'ordinal'
  | 'reason'
  | 'manner'
  | 'definition'
  | 'thing'
  | 'yesno';

export interface QuestionAnalysis {
  readonly answerType: AnswerType;
  /** Content lemmas to look for in the text. */
  readonly terms: readonly string[];
  /** The lemmas of the question's verbs ("approve" in "What did the council approve?"). */
  readonly verbs: readonly string[];
  /** The noun the question is about ("how many *vehicles*", "which *bridge*"), as a lemma. */
  readonly focus: string | undefined;
  /** The wh-word stands for the subject ("Who approved the plan?"), not the object. */
  readonly asksSubject: boolean;
  /** A passive question ("What gas is released?"): the text may say it actively, the answer after the verb. */
  readonly passive: boolean;
  /** A preposition left at the end of the question ("What did she die *from*?"). */
  readonly preposition: string | undefined;
  /** A preposition that opens the question before its wh-word ("*For* what category ...?"). */
  readonly opening?: string;
  /** The words of the names in the question, lower-cased ("kessel", "emperor"). */
  readonly names: ReadonlySet<string>;
  /** "Which genres ...?", "What three counties ...?": the answer may be a list. */
  readonly asksMany?: boolean;
}

const WH_WORDS = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how']);
const AUXILIARY_STARTS = new Set([
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'has',
  'have',
  'had',
  'may',
  'might',
  'must',
]);
/** Words of the question that say nothing about its topic. */
const QUESTION_NOISE = new Set([
  'text',
  'article',
  'passage',
  'document',
  'author',
  'writer',
  'mention',
  'according',
  'state',
  'describe',
  'tell',
  'name',
  'happen',
  'exactly',
  'approximately',
  'roughly',
  'about',
  'many',
  'much',
  'long',
  'old',
  'far',
  'often',
]);
const DATE_NOUNS = new Set(['year', 'date', 'day', 'month', 'decade', 'century', 'season', 'week']);
const TIME_NOUNS = new Set(['time', 'hour']);
const PERCENT_NOUNS = new Set(['percentage', 'percent', 'proportion', 'share', 'fraction']);
const MONEY_NOUNS = new Set(['price', 'cost', 'amount', 'sum', 'fee', 'budget', 'salary', 'revenue', 'fine', 'value']);
/** "What was the population of X?", "What is the height ...?": nouns whose value is a number. */
const QUANTITY_NOUNS = new Set([
  'number',
  'population',
  'total',
  'count',
  'size',
  'height',
  'length',
  'width',
  'depth',
  'weight',
  'distance',
  'capacity',
  'attendance',
  'enrollment',
  'enrolment',
  'temperature',
  'speed',
]);
const PLACE_NOUNS = new Set([
  'city',
  'country',
  'town',
  'state',
  'place',
  'location',
  'region',
  'river',
  'street',
  'continent',
  'village',
  'area',
  'island',
  'venue',
  'borough',
  'county',
  'province',
  'district',
  'neighborhood',
  'neighbourhood',
  'suburb',
]);
const PERSON_NOUNS = new Set([
  'person',
  'man',
  'woman',
  'people',
  'company',
  'organization',
  'organisation',
  'team',
  'group',
  'official',
]);
const MONEY_WORDS = new Set([
  'cost',
  'price',
  'pay',
  'spend',
  'money',
  'charge',
  'worth',
  'fund',
  'grant',
  'budget',
  'sell',
  'buy',
  'earn',
  'raise',
]);
const DEFINITION_VERBS = new Set(['mean', 'stand']);
/** "Where did it rank?", "What place did it take?": the answer is a position (4th, third). */
const RANK_WORDS = new Set(['rank', 'place', 'position', 'finish', 'spot']);
const RANKING_VERBS = new Set([
  'take',
  'finish',
  'rank',
  'come',
  'list',
  'tie',
  'give',
  'earn',
  'achieve',
  'secure',
  'claim',
]);
const COPULAS = new Set(['is', 'are', 'was', 'were']);
/** "What is X?" is a definition question only while X is a short phrase. */
const MAX_DEFINITION_TOPIC = 3;
/** Words of "What is the <attribute> of X?" that make it ask for a thing, not a definition. */
const ATTRIBUTE_WORDS = new Set(['name', 'title', 'term', 'word']);

function isAttributeWord(token: Token): boolean {
  return token.pos === 'ADP' || token.pos === 'VERB' || ATTRIBUTE_WORDS.has(token.lemma) || /est$/.test(token.normal);
}

/** The head of the noun phrase that opens `tokens` ("the oldest *structure* at ..."), as a lemma. */
function headNounOf(tokens: readonly Token[]): string | undefined {
  let head: Token | undefined;
  for (const token of tokens) {
    if (token.pos === 'NOUN' || token.pos === 'PROPN') head = token;
    else if (head || !['DET', 'ADJ', 'NUM', 'ADV'].includes(token.pos)) break;
  }
  return head ? termOf(head) : undefined;
}

/** Words that may stand between "what"/"which" and the noun it asks about ("What are the three main *exports*?"). */
const BEFORE_FOCUS = new Set(['ADJ', 'NUM', 'VERB', 'PROPN', 'DET', 'AUX', 'ADV']);
const MAX_BEFORE_FOCUS = 4;

/** "Which genres ...?", "What two people ...?": the asked-for noun is plural or counted. */
function asksForMany(tokens: readonly Token[], whIndex: number): boolean {
  if (!['what', 'which'].includes(tokens[whIndex]?.normal ?? '')) return false;
  for (let index = whIndex + 1; index <= whIndex + 1 + MAX_BEFORE_FOCUS; index += 1) {
    const token = tokens[index];
    // "What do vaccines need?": after "do", the noun is the subject, not what is asked for.
    if (!token || ['do', 'does', 'did'].includes(token.normal)) return false;
    if (token.pos === 'NUM' && token.normal !== 'one') return true;
    if (token.pos === 'NOUN') return token.normal !== token.lemma.toLowerCase() && /s$/.test(token.normal);
    if (!BEFORE_FOCUS.has(token.pos)) return false;
  }
  return false;
}

/** Classifies a question by its wh-word and the noun after it, and collects its search terms. */
export function classifyQuestion(questionTokens: readonly Token[]): QuestionAnalysis {
  const tokens = questionTokens.filter((token) => token.pos !== 'SPACE' && token.pos !== 'PUNCT');
  const normals = tokens.map((token) => token.normal);
  const whIndex = normals.findIndex((word) => WH_WORDS.has(word));
  const wh = whIndex >= 0 ? normals[whIndex] : undefined;
  const next = whIndex >= 0 ? tokens[whIndex + 1] : undefined;
  const afterNext = whIndex >= 0 ? tokens[whIndex + 2] : undefined;
  const hasMoneyWord = tokens.some((token) => MONEY_WORDS.has(token.lemma) || token.type === 'currency');

  const terms = tokens
    .filter((token, index) => {
      if (index === whIndex || !isContentToken(token) || WH_WORDS.has(token.normal)) return false;
      // "named after" is content; "Name the ..." is not.
      // "How old" is noise; "the oldest building" is not.
      const graded = token.pos === 'ADJ' && token.normal !== token.lemma;
      return (
        !QUESTION_NOISE.has(token.lemma) || graded || (token.lemma === 'name' && index > 0 && token.pos === 'VERB')
      );
    })
    .map(termOf);
  const focusStart =
    next?.pos === 'NOUN' ? whIndex + 1 : next?.pos === 'ADJ' && afterNext?.pos === 'NOUN' ? whIndex + 2 : -1;
  // "How many school buildings ...?" counts buildings: a compound's last noun is its head.
  let focusAt = focusStart;
  while (wh === 'how' && focusAt >= 0 && tokens[focusAt + 1]?.pos === 'NOUN') focusAt += 1;
  const focusToken = focusAt >= 0 ? tokens[focusAt] : undefined;
  const focus = focusToken ? termOf(focusToken) : undefined;
  const verbAfter = focusToken ? tokens[tokens.indexOf(focusToken) + 1] : next;
  const asksSubject =
    verbAfter !== undefined &&
    (verbAfter.pos === 'VERB' || (verbAfter.pos === 'AUX' && !['do', 'does', 'did'].includes(verbAfter.normal)));

  const names = new Set(
    tokens
      .filter((token, index) => index > 0 && token.pos === 'PROPN' && /^\p{Lu}/u.test(token.text))
      .map((token) => token.normal),
  );
  const verbs = tokens.filter((token) => token.pos === 'VERB' && isContentToken(token)).map(termOf);
  const passive = tokens.some(
    (token, index) =>
      token.pos === 'AUX' &&
      token.lemma === 'be' &&
      tokens[index + 1]?.pos === 'VERB' &&
      /(?:ed|en|wn|t)$/.test(tokens[index + 1]?.normal ?? ''),
  );
  const possessive = tokens.findIndex((token) => token.normal === "'s" || token.normal === "'");
  const owned = possessive > 0 ? tokens[possessive + 1] : undefined;
  const opening = whIndex === 1 && tokens[0]?.pos === 'ADP' ? tokens[0].normal : undefined;
  const result = (answerType: AnswerType): QuestionAnalysis => ({
    answerType,
    terms,
    verbs,
    focus,
    asksSubject,
    passive,
    preposition: tokens[tokens.length - 1]?.pos === 'ADP' ? tokens[tokens.length - 1]?.normal : undefined,
    names,
    ...(opening !== undefined && { opening }),
    ...(asksForMany(tokens, whIndex) && { asksMany: true }),
  });

  if (wh === undefined) return result(AUXILIARY_STARTS.has(normals[0] ?? '') ? 'yesno' : 'thing');
  switch (wh) {
    case 'who':
    case 'whom':
    case 'whose':
      return result('person');
    case 'when':
      return result('date');
    case 'where':
      // "Where did it place/rank?" asks for a rank; "Where does it take place?" for a location.
      return result(
        tokens.some(
          (token, index) =>
            RANK_WORDS.has(token.lemma) && !(token.lemma === 'place' && tokens[index - 1]?.lemma === 'take'),
        )
          ? 'ordinal'
          : 'place',
      );
    case 'why':
      return result('reason');
    case 'how': {
      const degree = next?.normal;
      if (degree === 'many') return result('number');
      if (degree === 'much') return result(hasMoneyWord ? 'money' : 'amount');
      if (degree === 'long' || degree === 'often') return result('duration');
      if (degree === 'old') return result('age');
      if (
        degree === 'far' ||
        degree === 'big' ||
        degree === 'large' ||
        degree === 'tall' ||
        degree === 'high' ||
        degree === 'heavy'
      ) {
        return result('number');
      }
      return result('manner');
    }
    default:
      break;
  }

  const noun = focusToken?.lemma.toLowerCase();
  if (noun) {
    if (DATE_NOUNS.has(noun)) return result('date');
    if (TIME_NOUNS.has(noun)) return result('time');
    if (PERCENT_NOUNS.has(noun)) return result('percent');
    if (MONEY_NOUNS.has(noun)) return result('money');
    // "What place did the game take in the list?" asks for a rank, not a location.
    if (noun === 'place' && tokens.some((token) => RANKING_VERBS.has(token.lemma))) return result('ordinal');
    if (PLACE_NOUNS.has(noun)) return result('place');
    if (PERSON_NOUNS.has(noun)) return result('person');
    if (QUANTITY_NOUNS.has(noun)) return result('number');
    if (RANK_WORDS.has(noun)) return result('ordinal');
  }
  if (next && COPULAS.has(next.normal)) {
    const rest = tokens.slice(whIndex + 2);
    // "What was the game's rank ...?": the tagger may read the owned rank word as a verb.
    if (owned && RANK_WORDS.has(owned.lemma) && owned.lemma !== 'finish') return result('ordinal');
    const topic = rest.filter(isContentToken).map(termOf);
    // "What was the population of the town in 1900?", "What is the cost to build it?" ask for a value.
    const head = headNounOf(rest);
    // "the number one export" is a rank, not a count.
    const ranked = rest.some((token, index) => termOf(token) === head && rest[index + 1]?.pos === 'NUM');
    if (head && !ranked && QUANTITY_NOUNS.has(head)) return { ...result('number'), focus: head };
    if (head && MONEY_NOUNS.has(head)) return { ...result('money'), focus: head };
    // "What is a phage?" asks for a definition; "What is the oldest building on the campus?" for a thing.
    const isShortTopic = topic.length <= MAX_DEFINITION_TOPIC && !rest.some(isAttributeWord);
    if (topic.length > 0 && isShortTopic) return result('definition');
    if (head) return { ...result('thing'), focus: head };
  }
  if (tokens.some((token) => DEFINITION_VERBS.has(token.lemma)) && ['does', 'do'].includes(next?.normal ?? '')) {
    return result('definition');
  }
  return result('thing');
}
