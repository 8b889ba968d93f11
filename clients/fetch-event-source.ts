/**
 * An `EventSource` on `fetch`, for tRPC's `httpSubscriptionLink`: unlike the browser's, it sends
 * headers (the API key), runs on Node.js 20 (which has none), and never reconnects on its own —
 * a streamed answer that broke must not be asked for again behind the caller's back.
 */
import { readSse } from './sse-parser.js';

export interface FetchEventSourceInit {
  /** Sent with the request, e.g. `Authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly withCredentials?: boolean;
}

type Listener = (event: Event) => void;

export class FetchEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  readonly url: string;
  readonly withCredentials: boolean;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #controller = new AbortController();

  constructor(url: string | URL, init: FetchEventSourceInit = {}) {
    this.url = String(url);
    this.withCredentials = init.withCredentials ?? false;
    void this.#connect(init);
  }

  addEventListener(type: string, listener: Listener): void {
    const listeners = this.#listeners.get(type) ?? new Set<Listener>();
    listeners.add(listener);
    this.#listeners.set(type, listeners);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = this.CLOSED;
    this.#controller.abort();
  }

  #dispatch(type: string, event: Event): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(event);
  }

  async #connect(init: FetchEventSourceInit): Promise<void> {
    try {
      const response = await (init.fetch ?? fetch)(this.url, {
        headers: { Accept: 'text/event-stream', ...init.headers },
        credentials: this.withCredentials ? 'include' : 'same-origin',
        cache: 'no-store',
        signal: this.#controller.signal,
      });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        throw new Error(`Expected an event stream, got ${response.status} ${type}`);
      }
      if (this.readyState === this.CLOSED) return;
      this.readyState = this.OPEN;
      this.#dispatch('open', new Event('open'));
      for await (const message of readSse(response.body)) {
        if (this.readyState === this.CLOSED) return;
        this.#dispatch(message.event, new MessageEvent(message.event, { data: message.data, lastEventId: message.id }));
      }
    } catch {
      // Reported below as the end of the stream, as an EventSource reports any failure.
    }
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    this.#controller.abort();
    this.#dispatch('error', new Event('error'));
  }
}
