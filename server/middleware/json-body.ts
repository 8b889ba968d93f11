import type { IncomingMessage } from 'node:http';
import { AppError, ValidationError } from '../../domain/errors.js';

/**
 * Most bytes of an oversized body read and thrown away before the 413 is sent. Answering while
 * the client is still sending makes the kernel reset the connection when it closes, and the
 * client often never reads the answer; past this bound the connection is closed anyway.
 */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as UTF-8 text up to `limitBytes`. No body → `undefined`. Oversized bodies
 * are refused from `Content-Length` before reading, and while streaming when chunked; either way
 * the rest of the body is discarded (up to `DISCARD_LIMIT_BYTES`) so the 413 reaches the client.
 * Bytes that are not UTF-8 are a 400, never replaced.
 */
export async function readBodyText(request: IncomingMessage, limitBytes: number): Promise<string | undefined> {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isInteger(length) || length < 0) {
      throw new ValidationError('Invalid Content-Length header', [], { status: 400 });
    }
    if (length > limitBytes) {
      await discardBody(request, length);
      throw tooLarge(limitBytes, length);
    }
    if (length === 0) return undefined;
  } else if (request.headers['transfer-encoding'] === undefined) {
    return undefined;
  }
  const { chunks, received } = await readChunks(request, limitBytes);
  if (received === 0) return undefined;
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new ValidationError(
      'Malformed request body: it is not valid UTF-8',
      [{ field: '(body)', message: 'Not valid UTF-8' }],
      { status: 400, cause: error },
    );
  }
}

/** Reads a JSON request body (see `readBodyText`); a declared content type must be JSON. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = request.headers['content-type'];
  const declared = request.headers['content-length'];
  const hasBody = declared === undefined ? request.headers['transfer-encoding'] !== undefined : declared !== '0';
  if (hasBody && contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new ValidationError(`Unsupported content type "${contentType}"; send application/json`, [], {
      status: 400,
    });
  }
  const text = await readBodyText(request, limitBytes);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('Malformed JSON in request body', [{ field: '(body)', message: 'Not valid JSON' }], {
      status: 400,
      cause: error,
    });
  }
}

/**
 * The body's chunks, read with events rather than an async iterator (which costs a few promises
 * per call). Past the limit the rest of the body is discarded.
 */
function readChunks(request: IncomingMessage, limitBytes: number): Promise<{ chunks: Buffer[]; received: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        chunks.length = 0;
        const refusal = tooLarge(limitBytes, received);
        discardBody(request, DISCARD_LIMIT_BYTES).then(
          () => reject(refusal),
          () => reject(refusal),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ chunks, received });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/**
 * Whether the request may still have body bytes nobody has read. Asked of node's parser
 * (`complete`), not the headers: past `maxHeadersCount` node drops headers, `Content-Length`
 * included, while the body still follows.
 */
export function hasUnreadBody(request: IncomingMessage): boolean {
  return !request.complete && !request.readableEnded && request.readableFlowing === null;
}

/**
 * Reads and drops the rest of the body, resolving once it has ended — or at once when it is
 * longer than `DISCARD_LIMIT_BYTES`, when the request closes, or when the client stops sending.
 */
export function discardBody(request: IncomingMessage, declaredBytes: number): Promise<void> {
  if (request.readableEnded || declaredBytes > DISCARD_LIMIT_BYTES) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      request.off('data', onData);
      request.off('end', done);
      request.off('close', done);
      request.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD_LIMIT_BYTES) done();
    };
    request.on('data', onData);
    request.once('end', done);
    request.once('close', done);
    request.once('error', done);
    request.resume();
  });
}

function tooLarge(limitBytes: number, received: number): AppError {
  return new AppError(
    'REQUEST_TOO_LARGE',
    `Request body too large: the limit for this endpoint is ${limitBytes} bytes`,
    {
      details: { max_size_bytes: limitBytes, received_bytes: received },
    },
  );
}
