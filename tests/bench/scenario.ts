/** What every bench scenario takes and returns. */
import type { Runtime } from './bench-processes.js';

export interface BenchContext {
  /** Scratch directory of this run (scripts, captured responses, service logs). */
  readonly workDir: string;
  readonly runtime: Runtime;
  /** Shorter phases, for checking that the suite runs (figures are then indicative only). */
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The goal as text (`>= 17 %`, `< 5 ms`); absent for context figures. */
  readonly goal?: string;
  readonly met?: boolean;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  /** How it was measured, in a sentence or two. */
  readonly method: string;
  readonly metrics: readonly Metric[];
  readonly notes?: readonly string[];
  /** Per-repetition figures, for the JSON file. */
  readonly raw?: unknown;
}

export interface Scenario {
  readonly id: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}

/** A metric with a goal `value <op> target`. */
export function withGoal(
  name: string,
  value: number,
  unit: string,
  op: '<' | '<=' | '>=' | '>',
  target: number,
): Metric {
  const met =
    op === '<' ? value < target : op === '<=' ? value <= target : op === '>=' ? value >= target : value > target;
  return {
    name,
    value,
    unit,
    goal: `${op} ${target}${unit === '' ? '' : ` ${unit}`}`,
    met: Number.isFinite(value) && met,
  };
}
