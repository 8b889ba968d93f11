import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { acceptsEventStream, toSseEvent, writeChunk } from '../../server/event-stream.js';

describe('event-stream writing', () => {
  it('does not wait for a connection that is already gone', async () => {
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    response.destroy();
    const settled = await Promise.race([
      Promise.resolve(writeChunk(response, toSseEvent('delta', { text: 'late' }))).then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
    ]);
    expect(settled).toBe('settled');
  });

  it('recognises Accept: text/event-stream among other media ranges', () => {
    expect(acceptsEventStream('application/json, Text/Event-Stream;q=0.9')).toBe(true);
    expect(acceptsEventStream('application/json')).toBe(false);
    expect(acceptsEventStream(undefined)).toBe(false);
  });
});
