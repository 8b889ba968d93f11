/**
 * Goal 8: the offline `local` provider's cost per operation on a 1 KB and a 10 KB text — the
 * provider call plus parsing the answer, as the processor does it — with each call on a text the
 * model has not just analysed (two variants alternate, defeating its one-text memo). A running
 * service has long warmed V8's optimising compiler, so each operation is measured after 30 warm-up
 * calls; the very first call of each (cold code) is reported beside it.
 */
import { OPERATIONS, resolveOptions, type Operation } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import { toModelRequest } from '../../domain/prepare-request.js';
import { PROCESSORS } from '../../domain/processors.js';
import { createLocalModel } from '../../infra/ai/local-model.js';
import { NEWS_ARTICLE } from '../../clients/playground/sample-texts.js';
import { withGoal, type BenchContext, type Metric, type Scenario, type ScenarioResult } from './scenario.js';
import { median, round } from './stats.js';
import { proseOfLength } from './texts.js';

/** Calls before the measured ones: V8 optimises the hot functions over the first 20–30 calls on 10 KB. */
const WARM_UP_CALLS = 30;

function requestFor(operation: Operation, text: string): ModelRequest {
  return toModelRequest({
    operation,
    text,
    question: operation === 'qa' ? NEWS_ARTICLE.question : undefined,
    options: resolveOptions(undefined),
  });
}

export const localProvider: Scenario = {
  id: 'local-provider',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const model = createLocalModel();
    const metrics: Metric[] = [];
    const raw: Record<string, Record<string, number>> = {};
    for (const size of [1000, 10_000]) {
      const variants = [proseOfLength(size, 1), proseOfLength(size, 2)];
      const runs = context.quick ? 6 : size > 1000 ? 20 : 40;
      const warmUp = context.quick ? 10 : WARM_UP_CALLS;
      const perOperation: Record<string, number> = {};
      const firstCall: Record<string, number> = {};
      for (const operation of OPERATIONS) {
        const requests = variants.map((text) => requestFor(operation, text));
        const durations: number[] = [];
        for (let index = 0; index < runs + warmUp; index += 1) {
          const request = requests[index % 2];
          if (!request) continue;
          const started = performance.now();
          const answer = await model.generate(request);
          PROCESSORS[operation].check(answer.payload, request.input);
          const elapsed = performance.now() - started;
          if (index === 0) firstCall[operation] = round(elapsed, 2);
          if (index >= warmUp) durations.push(elapsed);
        }
        perOperation[operation] = round(median(durations), 2);
      }
      raw[`${size} chars`] = perOperation;
      raw[`${size} chars, first call (cold)`] = firstCall;
      const slowest = Math.max(...Object.values(perOperation));
      const label = size >= 10_000 ? '10 KB' : '1 KB';
      metrics.push(
        ...Object.entries(perOperation).map(([operation, ms]) => ({
          name: `${label}: ${operation}`,
          value: ms,
          unit: 'ms',
        })),
        size >= 10_000
          ? withGoal(`${label}: slowest operation`, slowest, 'ms', '<', 20)
          : { name: `${label}: slowest operation`, value: slowest, unit: 'ms' },
      );
      metrics.push({
        name: `${label}: slowest first call (cold code)`,
        value: Math.max(...Object.values(firstCall)),
        unit: 'ms',
      });
      context.log(`  ${label}: ${JSON.stringify(perOperation)}; first calls ${JSON.stringify(firstCall)}`);
    }
    return {
      id: this.id,
      title: '8. Local provider per operation',
      method:
        "createLocalModel().generate() + the operation's payload check in the runner process (core 1), on news-like prose " +
        'from clients/playground/sample-texts.ts of 1,000 and 10,000 characters; two variants alternate so each call ' +
        'analyses its text afresh; medians of 40 (1 KB) and 20 (10 KB) calls after 30 warm-up calls (a running ' +
        "service's steady state); the slowest operation's very first call is shown too.",
      metrics,
      raw,
    };
  },
};
