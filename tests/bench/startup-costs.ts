/**
 * Goal 7: start-up and policy costs against the reference's targets, ten times under each —
 * measured by the service's own resilience benchmark (`infra/resilience/performance-benchmark.ts`,
 * also behind `POST /internal/resilience/performance/benchmark`) — plus the configuration load and
 * the time from spawning the compiled service to its first `200` on `/readyz`.
 */
import { join } from 'node:path';
import { runResilienceBenchmarks, BENCHMARK_THRESHOLDS_MS } from '../../infra/resilience/performance-benchmark.js';
import { loadConfig } from '../../server/config.js';
import { freePort, productionEnv, startService } from './bench-processes.js';
import { withGoal, type BenchContext, type Metric, type Scenario, type ScenarioResult } from './scenario.js';
import { median, round } from './stats.js';

const WITH_GOALS: Readonly<Record<string, string>> = {
  preset_loading: 'preset load',
  resilience_config_loading: 'resilience config load',
  service_initialization: 'resilience service init',
  breaker_overhead: 'policy (breaker) overhead per call',
};

export const startupCosts: Scenario = {
  id: 'startup-costs',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const report = await runResilienceBenchmarks({ iterations: 200 });
    const metrics: Metric[] = report.results.map((result) => {
      const threshold = BENCHMARK_THRESHOLDS_MS[result.operation as keyof typeof BENCHMARK_THRESHOLDS_MS];
      const name = WITH_GOALS[result.operation];
      return name
        ? withGoal(
            `${name} (reference < ${threshold} ms)`,
            round(result.avg_duration_ms, 4),
            'ms',
            '<=',
            threshold / 10,
          )
        : {
            name: `${result.operation.replaceAll('_', ' ')} (reference < ${threshold} ms)`,
            value: round(result.avg_duration_ms, 4),
            unit: 'ms',
          };
    });

    const env = productionEnv(8000);
    const configRuns: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      const started = performance.now();
      loadConfig(env);
      configRuns.push(performance.now() - started);
    }
    metrics.push(
      withGoal('environment config load (reference < 100 ms)', round(median(configRuns), 3), 'ms', '<=', 10),
    );

    const startups: number[] = [];
    for (let index = 0; index < (context.quick ? 1 : 3); index += 1) {
      const started = performance.now();
      const service = await startService({
        env: productionEnv(await freePort()),
        cpus: '0',
        runtime: context.runtime,
        logFile: join(context.workDir, 'startup.log'),
      });
      startups.push(performance.now() - started);
      await service.stop();
    }
    metrics.push({
      name: 'process start to ready (spawn → /readyz 200)',
      value: round(median(startups), 0),
      unit: 'ms',
    });
    return {
      id: this.id,
      title: '7. Start-up and policy costs',
      method:
        'runResilienceBenchmarks({ iterations: 200 }) in the runner process (averages per iteration); loadConfig() of ' +
        'the production environment, median of 50; service start-up median of 3 (compiled, core 0).',
      metrics,
      raw: report,
    };
  },
};
