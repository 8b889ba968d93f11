import { describe, expect, it } from 'vitest';
import { readSse, type SseMessage } from './sse-parser.js';

/** A body delivered in the given pieces, as a network would cut it. */
function bodyOf(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function read(body: ReadableStream<Uint8Array>): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  for await (const message of readSse(body)) messages.push(message);
  return messages;
}

describe('readSse', () => {
  it('reads named events, joins multi-line data and skips comments', async () => {
    const messages = await read(
      bodyOf(': keep-alive\n\nevent: delta\ndata: {"text":"a"}\n\ndata: one\ndata: two\nid: 7\n\n'),
    );
    expect(messages).toEqual([
      { event: 'delta', data: '{"text":"a"}', id: '' },
      { event: 'message', data: 'one\ntwo', id: '7' },
    ]);
  });

  it('reads events cut anywhere by the network, CRLF line ends and a multi-byte character split in two', async () => {
    const bytes = new TextEncoder().encode('event: delta\r\ndata: {"text":"café"}\r\n\r\nevent: result\rdata: {}\r\r');
    const pieces: Uint8Array[] = [bytes.slice(0, 13), bytes.slice(13, 33), bytes.slice(33, 34), bytes.slice(34)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    });
    expect(await read(body)).toEqual([
      { event: 'delta', data: '{"text":"café"}', id: '' },
      { event: 'result', data: '{}', id: '' },
    ]);
  });

  it('yields each event as soon as its blank line arrives, before the body ends', async () => {
    let push: (text: string) => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const iterator = readSse(body);
    push('event: delta\ndata: {"text":"first"}\n\n');
    expect((await iterator.next()).value).toEqual({ event: 'delta', data: '{"text":"first"}', id: '' });
    await iterator.return(undefined);
  });

  it('drops an unfinished event at the end of the body', async () => {
    expect(await read(bodyOf('event: delta\ndata: {"text":"cut'))).toEqual([]);
  });
});
