/**
 * The QA rule families, each left out in turn (`QA_RULE_FAMILIES`). A family stays in the engine
 * only while leaving it out lowers the token F1 of the SQuAD v1.1 train sample's held-out part and
 * of the rare-types supplement (tune; answer contained breaks a tie): users want the concise answer, and token F1 is SQuAD's
 * own measure of it. The part the rules were first written on is shown as train.
 * The reserved test set (SQuAD 2.0 dev) is scored with all families only: it decides nothing.
 */
import { answerQuestion } from '../../infra/nlp/qa/answer-question.js';
import { ALL_QA_RULES, QA_RULE_FAMILIES, type QaRules } from '../../infra/nlp/qa/rule-families.js';
import type { TextAnalysis, TextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import type { QaItem } from './datasets.js';
import { containsAnswer, mean, splitOf, tokenF1 } from './metrics.js';

export interface QaScore {
  readonly n: number;
  /** Token F1, x100. */
  readonly f1: number;
  /** Answer contained, x100. */
  readonly contains: number;
}

/** Whether `withFamily` beats `without` on the criterion a family must meet: tune token F1, then answer contained. */
export function isBetterQa(withFamily: QaScore, without: QaScore): boolean {
  return withFamily.f1 > without.f1 || (withFamily.f1 === without.f1 && withFamily.contains > without.contains);
}

/** QA over `items` with the given families, straight through the engine (no provider, no cache). */
export function scoreQa(nlp: TextAnalyzer, items: readonly QaItem[], rules: QaRules = ALL_QA_RULES): QaScore {
  const contexts = new Map<string, TextAnalysis>();
  const rows = items.map((item) => {
    let context = contexts.get(item.context);
    if (!context) {
      context = nlp.analyze(item.context);
      contexts.set(item.context, context);
    }
    const answer = answerQuestion(context, nlp.analyze(item.question), rules);
    return { f1: tokenF1(answer, item.answers), contains: containsAnswer(answer, item.answers) ? 1 : 0 };
  });
  return {
    n: items.length,
    f1: 100 * mean(rows.map((row) => row.f1)),
    contains: 100 * mean(rows.map((row) => row.contains)),
  };
}

export interface AblationRow {
  readonly family: string;
  /** Score change when the family is left out (negative: the family helps). */
  readonly train: { readonly f1: number; readonly contains: number };
  readonly tune: { readonly f1: number; readonly contains: number };
  /** Leaving it out lowers the tune token F1 (or, at equal F1, answer contained). */
  readonly raisesTune: boolean;
}

export interface AblationReport {
  readonly all: { readonly train: QaScore; readonly tune: QaScore; readonly test: QaScore };
  readonly rows: readonly AblationRow[];
}

const delta = (without: QaScore, all: QaScore) => ({
  f1: without.f1 - all.f1,
  contains: without.contains - all.contains,
});

/**
 * Scores QA with all families and with each one left out (train, tune = the sample's held-out part
 * and the whole rare-types supplement), and the test set with all.
 */
export function ablateQa(
  nlp: TextAnalyzer,
  squad: readonly QaItem[],
  rareTypes: readonly QaItem[],
  test: readonly QaItem[],
): AblationReport {
  const train = squad.filter((item) => splitOf(item.id) === 'tuning');
  // The rare question types (why, how, "What is X called", "Who said") are all tune: too few in the sample to decide.
  const tune = [...squad.filter((item) => splitOf(item.id) === 'heldout'), ...rareTypes];
  const all = { train: scoreQa(nlp, train), tune: scoreQa(nlp, tune), test: scoreQa(nlp, test) };
  const rows = QA_RULE_FAMILIES.map(({ name }) => {
    const rules = new Set([...ALL_QA_RULES].filter((rule) => rule !== name));
    const tuneWithout = scoreQa(nlp, tune, rules);
    return {
      family: name,
      train: delta(scoreQa(nlp, train, rules), all.train),
      tune: delta(tuneWithout, all.tune),
      raisesTune: isBetterQa(all.tune, tuneWithout),
    };
  });
  return { all, rows };
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`.padStart(6);

/** The ablation as the table `make eval` prints and the README shows. */
export function formatAblation(report: AblationReport): string[] {
  const { train, tune, test } = report.all;
  const lines = [
    `  family left out         train F1 / contains (n=${train.n})   tune F1 / contains (n=${tune.n})   raises tune F1`,
    ...report.rows.map(
      (row) =>
        `  ${row.family.padEnd(22)}  ${signed(row.train.f1)} / ${signed(row.train.contains)}              ${signed(row.tune.f1)} / ${signed(row.tune.contains)}              ${row.raisesTune ? 'yes' : 'NO'}`,
    ),
    `  all families            ${train.f1.toFixed(1).padStart(6)} / ${train.contains.toFixed(1).padStart(6)}              ${tune.f1.toFixed(1).padStart(6)} / ${tune.contains.toFixed(1).padStart(6)}`,
    `  test (SQuAD 2.0 dev, reserved, n=${test.n}), all families: F1 ${test.f1.toFixed(1)}, contains ${test.contains.toFixed(1)}`,
  ];
  return lines;
}
