/**
 * Streamed answers in the playground: the text appears as the model writes it (the typed
 * client's `processStream` subscription, Server-Sent Events), then the complete result replaces
 * it. Stop closes the stream; the server then cancels its provider call.
 */
import type { ApiClient } from '../api-client.js';
import { streamProcess } from '../stream-process.js';
import type { ProcessRequest, ProcessResponse } from './api-types.js';

export interface StreamElements {
  /** Where the text appears while it streams. */
  readonly output: HTMLElement;
}

export type StreamEnd = { readonly end: 'done'; readonly response: ProcessResponse } | { readonly end: 'stopped' };

export interface StreamMode {
  /** Streams one answer into the output; rejects with the server's error (also mid-stream). */
  run(request: ProcessRequest): Promise<StreamEnd>;
  /** Stops the running stream, keeping the text so far. */
  stop(): void;
  readonly running: boolean;
}

export function createStreamMode(options: { readonly client: () => ApiClient; readonly elements: StreamElements }) {
  const { output } = options.elements;
  let controller: AbortController | undefined;

  async function run(request: ProcessRequest): Promise<StreamEnd> {
    const current = new AbortController();
    controller = current;
    output.textContent = '';
    output.hidden = false;
    output.setAttribute('aria-busy', 'true');
    try {
      for await (const event of streamProcess(options.client(), request, { signal: current.signal })) {
        if (event.type === 'delta') output.append(event.text);
        else {
          output.hidden = true;
          return { end: 'done', response: event.response };
        }
      }
      return { end: 'stopped' };
    } finally {
      output.removeAttribute('aria-busy');
      if (controller === current) controller = undefined;
    }
  }

  const mode: StreamMode = {
    run,
    stop: () => controller?.abort(),
    get running() {
      return controller !== undefined;
    },
  };
  return mode;
}
