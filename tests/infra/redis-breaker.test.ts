import { isBrokenCircuitError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { createRedisBreaker, type BreakerState } from '../../infra/cache/redis-breaker.js';

const COMMAND_TIMEOUT_MS = 40;
const HALF_OPEN_AFTER_MS = 100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A Redis call that never answers: only the breaker's deadline ends it. */
const hang = () => new Promise<never>(() => undefined);
const refuse = () => Promise.reject(new Error('ERR refused'));
const timedOut = () => Promise.reject(new Error('Command timed out'));

function createBreaker() {
  const breaker = createRedisBreaker({
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    threshold: 3,
    halfOpenAfterMs: HALF_OPEN_AFTER_MS,
  });
  const states: BreakerState[] = [];
  breaker.onStateChange((state) => states.push(state));
  return { breaker, states };
}

async function outcome(work: Promise<unknown>): Promise<'ok' | 'skipped' | 'failed'> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return isBrokenCircuitError(error) ? 'skipped' : 'failed';
  }
}

describe('createRedisBreaker', () => {
  it('opens on the first call that times out (ioredis or its own deadline) and then skips every call at once', async () => {
    for (const slow of [timedOut, hang]) {
      const { breaker } = createBreaker();
      expect(await outcome(breaker.execute(slow))).toBe('failed');
      expect(breaker.state).toBe('open');
      const started = performance.now();
      let called = false;
      expect(
        await outcome(
          breaker.execute(async () => {
            called = true;
          }),
        ),
      ).toBe('skipped');
      expect(called).toBe(false);
      expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS);
    }
  });

  it('opens after the threshold of consecutive errors that were answered fast, and a success resets the count', async () => {
    const { breaker } = createBreaker();
    await outcome(breaker.execute(refuse));
    await outcome(breaker.execute(refuse));
    await breaker.execute(async () => 'PONG');
    await outcome(breaker.execute(refuse));
    await outcome(breaker.execute(refuse));
    expect(breaker.state).toBe('closed');
    await outcome(breaker.execute(refuse));
    expect(breaker.state).toBe('open');
  });

  it('lets exactly one call probe after the cool-down while every other call is skipped at once, then closes on its success', async () => {
    const { breaker, states } = createBreaker();
    await outcome(breaker.execute(timedOut));
    await pause(HALF_OPEN_AFTER_MS + 20);

    let answer: (value: string) => void = () => undefined;
    const probe = breaker.execute(() => new Promise<string>((resolve) => (answer = resolve)));
    expect(breaker.state).toBe('half-open');
    const started = performance.now();
    const others = await Promise.all(Array.from({ length: 5 }, () => outcome(breaker.execute(async () => 'OK'))));
    expect(others).toEqual(Array.from({ length: 5 }, () => 'skipped'));
    expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS);

    answer('PONG');
    expect(await probe).toBe('PONG');
    expect(breaker.state).toBe('closed');
    expect(await breaker.execute(async () => 'OK')).toBe('OK');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again when the probe times out', async () => {
    const { breaker, states } = createBreaker();
    await outcome(breaker.execute(timedOut));
    await pause(HALF_OPEN_AFTER_MS + 20);
    expect(await outcome(breaker.execute(hang))).toBe('failed');
    expect(breaker.state).toBe('open');
    expect(await outcome(breaker.execute(async () => 'OK'))).toBe('skipped');
    expect(states).toEqual(['open', 'half-open', 'open']);
  });
});
