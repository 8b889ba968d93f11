import { mkdirSync, writeFileSync } from 'node:fs';
import { RESULTS_DIRECTORY, SCORECARD, type Figure } from './record.js';

export { RESULTS_DIRECTORY, SCORECARD, type Figure };

/**
 * What `scorecard-results/<file>.json` holds (the shape `record.ts` writes for a whole suite; the
 * reliability scenarios write one file each, so that a failing scenario still leaves its figures).
 */
export interface ScenarioRecord {
  readonly suite: string;
  readonly scenario: string;
  /** `scorecard` with `SCORECARD=1` (the full figures), else `default` (the fast subset). */
  readonly scale: 'default' | 'scorecard';
  readonly recorded_at: string;
  readonly duration_ms: number;
  readonly figures: readonly Figure[];
  /** Raw material behind the figures (status counts, timelines), for whoever digs deeper. */
  readonly details?: unknown;
}

/** A figure held to a target: `pass` is computed by `meets`. */
export function checked(
  name: string,
  value: number | string | boolean | null,
  target: string,
  meets: boolean,
  unit?: string,
): Figure {
  return { name, value, target, pass: meets, ...(unit === undefined ? {} : { unit }) };
}

/** A figure that is only reported. */
export function reported(name: string, value: number | string | boolean | null, unit?: string): Figure {
  return { name, value, ...(unit === undefined ? {} : { unit }) };
}

/** Writes `scorecard-results/<file>.json` (e.g. `reliability-r1-faults`) and returns its path. */
export function recordScenario(
  file: string,
  record: Omit<ScenarioRecord, 'suite' | 'scale' | 'recorded_at'> & { readonly suite?: string },
): string {
  mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const full: ScenarioRecord = {
    suite: record.suite ?? 'reliability',
    scenario: record.scenario,
    scale: SCORECARD ? 'scorecard' : 'default',
    recorded_at: new Date().toISOString(),
    duration_ms: Math.round(record.duration_ms),
    figures: record.figures,
    ...(record.details === undefined ? {} : { details: record.details }),
  };
  const path = `${RESULTS_DIRECTORY}${file}.json`;
  writeFileSync(path, `${JSON.stringify(full, null, 2)}\n`);
  return path;
}
