/**
 * The responses the server still owes: each request from its arrival until its response is
 * finished or its connection closes. At the shutdown deadline every response not yet started is
 * answered in the error shape rather than cut off by a TCP reset.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { toHttpError } from '../routers/errors.js';
import { sendErrorResponse } from './middleware/errors.js';
import { requestIdOf } from './middleware/request-context.js';

export interface InFlightResponses {
  /** `listener` with each of its responses tracked. */
  track(listener: RequestListener): RequestListener;
  /** Responses not finished yet. */
  readonly size: number;
  /**
   * Answers every tracked response whose headers have not gone out with `error` in the error
   * shape and `Connection: close`, so that each connection ends after its answer. A response
   * already streaming is left as it is. Returns how many were answered.
   */
  answerAll(error: unknown): number;
}

export function createInFlightResponses(): InFlightResponses {
  const pending = new Map<ServerResponse, IncomingMessage>();
  return {
    track(listener) {
      return (request, response) => {
        pending.set(response, request);
        // `close` follows `finish`, and also comes alone when the client goes away first.
        response.once('close', () => pending.delete(response));
        listener(request, response);
      };
    },
    get size() {
      return pending.size;
    },
    answerAll(error) {
      let answered = 0;
      for (const [response, request] of pending) {
        if (response.headersSent || response.writableEnded) continue;
        sendErrorResponse(request, response, toHttpError(error, requestIdOf(response)), { Connection: 'close' });
        pending.delete(response);
        answered += 1;
      }
      return answered;
    },
  };
}
