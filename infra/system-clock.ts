import { performance } from 'node:perf_hooks';
import type { Clock } from '../domain/ports.js';

export function createSystemClock(): Clock {
  return { now: () => Date.now(), monotonic: () => performance.now() };
}
