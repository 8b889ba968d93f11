/**
 * Goal 5: 200 identical concurrent requests for a text not yet cached make one provider call;
 * the others wait for it.
 */
import { join } from 'node:path';
import { startServiceBehindProvider } from './bench-processes.js';
import { runClosedLoop } from './load.js';
import { missCall, PROVIDER_LATENCY_MS, providerEnv } from './miss-overhead.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { percentile, round } from './stats.js';

const CALLERS = 200;

export const singleFlight: Scenario = {
  id: 'single-flight',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const { provider, service, stop } = await startServiceBehindProvider({
      latencyMs: PROVIDER_LATENCY_MS,
      envFor: (port, baseUrl) => providerEnv(port, baseUrl),
      runtime: context.runtime,
      logFile: join(context.workDir, 'single-flight.log'),
    });
    try {
      await provider.reset();
      const call = missCall(0, `single-flight-${Date.now().toString(36)}`);
      const result = await runClosedLoop({
        origin: service.url,
        concurrency: CALLERS,
        total: CALLERS,
        callFor: () => call,
      });
      const calls = await provider.calls();
      return {
        id: this.id,
        title: '5. Single flight',
        method: `${CALLERS} identical requests sent at once (one connection each) for an uncached text; provider calls counted by the fake server.`,
        metrics: [
          withGoal('provider calls', calls, '', '<=', 1),
          { name: 'answered 200', value: result.statuses['200'] ?? 0, unit: `of ${CALLERS}` },
          { name: 'slowest answer', value: round(percentile(result.latenciesMs, 100), 1), unit: 'ms' },
        ],
      };
    } finally {
      await stop();
    }
  },
};
