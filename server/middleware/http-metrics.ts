import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsService } from '../../routers/context.js';
import type { RouteTable } from './route-table.js';

export interface HttpMetricsOptions {
  readonly metrics: Pick<MetricsService, 'startRequest'>;
  readonly routes: RouteTable;
}

/**
 * Counts the request in flight until its response has closed (finished, or its connection gone) and
 * records its latency under the route template and final status.
 */
export function httpMetrics(options: HttpMetricsOptions) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const finish = options.metrics.startRequest();
    const url = request.url ?? '/';
    // 'close' comes once per response: after it finished, or when its connection went first.
    response.once('close', () => {
      finish({
        method: request.method ?? 'GET',
        route: options.routes.resolve(url).template,
        status: response.writableFinished ? response.statusCode : 499,
      });
    });
    next();
  };
}
