/**
 * Reads a Server-Sent Events body (the WHATWG format: `event:`, `data:`, `id:` fields, events
 * ended by a blank line, `:` comments) as it arrives. Shared by the typed client's EventSource,
 * the CLI and the playground; no dependencies, so it runs in Node.js and in browsers.
 */

export interface SseMessage {
  /** The event's name; `message` when the server gave none. */
  readonly event: string;
  readonly data: string;
  readonly id: string;
}

/** The events of `body`, each yielded as soon as its blank line has arrived. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline = /\r\n|\r|\n/.exec(buffer);
      // A lone `\r` at the end may be the first half of `\r\n`: wait for more, unless the body ended.
      while (newline && (done || newline.index + newline[0].length < buffer.length || newline[0] !== '\r')) {
        const line = buffer.slice(0, newline.index);
        buffer = buffer.slice(newline.index + newline[0].length);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
          event = '';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const raw = colon === -1 ? '' : line.slice(colon + 1);
          const value = raw.startsWith(' ') ? raw.slice(1) : raw;
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id' && !value.includes('\0')) id = value;
        }
        newline = /\r\n|\r|\n/.exec(buffer);
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
