import { describe, expect, it } from 'vitest';
import type { CacheStatus } from './api-types.js';
import { describeCache } from './status-panel.js';

function memoryOnly(hitRatePercent: number | null): CacheStatus {
  return {
    tiers: {
      memory: {
        status: 'active',
        entries: 3,
        max_entries: 10_000,
        memory_bytes: 900,
        max_memory_bytes: 67_108_864,
        evictions: 0,
        hits: 2,
        misses: 1,
        hit_rate_percent: hitRatePercent,
      },
      redis: { status: 'disabled', message: 'No Redis configured' },
    },
    hit_rate_percent: hitRatePercent,
    operations: {},
  };
}

describe('describeCache', () => {
  it('shows the hit rate the API reports in percent', () => {
    expect(describeCache(memoryOnly(66.67)).text).toBe('Memory cache · 3 entries · hit rate 67%');
  });

  it('says there were no lookups rather than a rate of 0', () => {
    expect(describeCache(memoryOnly(null)).text).toBe('Memory cache · 3 entries · no lookups yet');
  });
});
