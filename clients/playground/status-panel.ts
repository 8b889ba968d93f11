/**
 * The "System status" panel: `/v1/health` for the API and its components, then
 * `/internal/cache/status` for the cache — which needs an operator key, so a refusal is shown as
 * such, not as a failure of the service.
 */
import type { ApiClient } from '../api-client.js';
import type { CacheStatus, HealthResponse } from './api-types.js';
import { createElement } from './create-element.js';
import { describeError } from './describe-error.js';

export type StatusState = 'ok' | 'warn' | 'bad' | 'pending';

export interface StatusLine {
  readonly state: StatusState;
  readonly text: string;
}

export interface StatusElements {
  readonly api: HTMLElement;
  readonly cache: HTMLElement;
  readonly components: HTMLElement;
}

export function describeHealth(health: HealthResponse): StatusLine {
  const healthy = health.status === 'healthy';
  return { state: healthy ? 'ok' : 'warn', text: `Connected · ${health.status} · v${health.version}` };
}

export function describeCache(status: CacheStatus): StatusLine {
  const { memory, redis } = status.tiers;
  const memoryText = `${memory.entries} ${memory.entries === 1 ? 'entry' : 'entries'}`;
  const hitRate =
    status.hit_rate_percent === null ? 'no lookups yet' : `hit rate ${Math.round(status.hit_rate_percent)}%`;
  switch (redis.status) {
    case 'connected':
      return {
        state: 'ok',
        text: `Redis connected${redis.encrypted ? ' (encrypted)' : ''} + memory cache · ${memoryText} · ${hitRate}`,
      };
    case 'disabled':
      return { state: 'ok', text: `Memory cache · ${memoryText} · ${hitRate}` };
    case 'degraded':
      return { state: 'warn', text: `Redis degraded, memory cache serving · ${redis.message}` };
    case 'unavailable':
      return { state: 'warn', text: `Redis unavailable, memory cache serving · ${redis.message}` };
  }
}

export interface StatusOptions {
  /** A key was sent: a refusal then means a wrong key, not a missing one. */
  readonly keySent?: boolean;
}

export function describeCacheError(error: unknown, options: StatusOptions = {}): StatusLine {
  const described = describeError(error);
  switch (described.code) {
    case 'AUTHENTICATION_ERROR':
      return options.keySent
        ? { state: 'bad', text: 'API key refused' }
        : { state: 'pending', text: 'Enter an API key to see the cache' };
    case 'AUTHORIZATION_ERROR':
      return { state: 'pending', text: 'Needs an operator key (INTERNAL_API_KEYS)' };
    case 'NOT_FOUND':
      return { state: 'pending', text: 'Internal API disabled on this server' };
    default:
      return { state: 'bad', text: `Unavailable: ${described.message}` };
  }
}

function show(element: HTMLElement, line: StatusLine): void {
  element.dataset.state = line.state;
  element.textContent = line.text;
}

export async function refreshStatus(
  client: ApiClient,
  elements: StatusElements,
  options: StatusOptions = {},
): Promise<void> {
  show(elements.api, { state: 'pending', text: 'Checking…' });
  show(elements.cache, { state: 'pending', text: 'Checking…' });
  try {
    const health = await client.public.health.query();
    show(elements.api, describeHealth(health));
    elements.components.replaceChildren(
      ...Object.entries(health.components).map(([name, component]) =>
        createElement('li', { text: `${name}: ${component.status}`, attributes: { title: component.message } }),
      ),
    );
  } catch (error) {
    const described = describeError(error);
    show(elements.api, { state: 'bad', text: described.message });
    elements.components.replaceChildren();
  }
  // Asked separately, not batched with health: a server without the internal API refuses the
  // whole batch, and health must still show.
  try {
    show(elements.cache, describeCache(await client.internal.cacheStatus.query()));
  } catch (error) {
    show(elements.cache, describeCacheError(error, options));
  }
}
