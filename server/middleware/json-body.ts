import type { IncomingMessage } from 'node:http';
import { AppError, ValidationError } from '../../domain/errors.js';

/**
 * Reads a JSON request body up to `limitBytes`. No body → `undefined`. Oversized bodies are
 * refused from `Content-Length` before reading, and while streaming when chunked.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isInteger(length) || length < 0) {
      throw new ValidationError('Invalid Content-Length header', [], { status: 400 });
    }
    if (length > limitBytes) throw tooLarge(limitBytes, length);
    if (length === 0) return undefined;
  } else if (request.headers['transfer-encoding'] === undefined) {
    return undefined;
  }
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new ValidationError(`Unsupported content type "${contentType}"; send application/json`, [], {
      status: 400,
    });
  }

  const { chunks, received } = await readChunks(request, limitBytes);
  if (received === 0) return undefined;
  const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received)).toString('utf8');
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
        request.resume();
        reject(tooLarge(limitBytes, received));
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

function tooLarge(limitBytes: number, received: number): AppError {
  return new AppError(
    'REQUEST_TOO_LARGE',
    `Request body too large: the limit for this endpoint is ${limitBytes} bytes`,
    {
      details: { max_size_bytes: limitBytes, received_bytes: received },
    },
  );
}
