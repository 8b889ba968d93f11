/**
 * The one unit for rates in every answer: a percentage from 0 to 100 with two decimals, `null`
 * when nothing was measured. The reference contract fixes percentages for `success_rate`,
 * `failure_rate` and `cache_hit_rate`; rate fields of our own carry `_percent` in their name.
 */
import { z } from 'zod';

/** `part / whole` as a percentage with two decimals; `null` when `whole` is 0 (nothing measured). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
}

/** A rate field: 0–100 with two decimals, `null` when nothing was measured. */
export function percentSchema(description: string) {
  return z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .meta({ description: `${description} Percent, 0 to 100 with two decimals; null when nothing was measured.` });
}
