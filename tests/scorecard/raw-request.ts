import { connect } from 'node:net';

/** A header value is text (sent as latin1, byte for byte) or raw bytes (invalid UTF-8 and the like). */
export type RawHeader = readonly [name: string, value: string | Buffer];

export interface RawRequestSpec {
  readonly method: string;
  /** The request target exactly as sent (latin1): may hold invalid percent-encodings or raw bytes. */
  readonly target: string | Buffer;
  readonly headers: readonly RawHeader[];
  readonly body?: Buffer | undefined;
  /**
   * `auto` (default): `Content-Length` of the body when there is one; `chunked`: the body as one
   * chunk; `none`: no framing header (the caller may add its own, even a wrong one).
   */
  readonly framing?: 'auto' | 'chunked' | 'none';
  /** Default `HTTP/1.1`. */
  readonly version?: string;
}

/** The bytes of an HTTP/1.1 request, without any validation: what a fuzzer or an attacker sends. */
export function toRequestBytes(spec: RawRequestSpec): Buffer {
  const lines: Buffer[] = [Buffer.from(`${spec.method} `, 'latin1')];
  lines.push(typeof spec.target === 'string' ? Buffer.from(spec.target, 'latin1') : spec.target);
  lines.push(Buffer.from(` ${spec.version ?? 'HTTP/1.1'}\r\n`, 'latin1'));
  for (const [name, value] of spec.headers) {
    lines.push(Buffer.from(`${name}: `, 'latin1'), typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
    lines.push(Buffer.from('\r\n', 'latin1'));
  }
  const framing = spec.framing ?? 'auto';
  const body = spec.body;
  if (framing === 'auto' && body !== undefined) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  if (framing === 'chunked') lines.push(Buffer.from('Transfer-Encoding: chunked\r\n'));
  lines.push(Buffer.from('\r\n'));
  if (body !== undefined) {
    if (framing === 'chunked') {
      if (body.length > 0) lines.push(Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n'));
      lines.push(Buffer.from('0\r\n\r\n'));
    } else {
      lines.push(body);
    }
  }
  return Buffer.concat(lines);
}

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The status line and header block as received. */
  readonly head: string;
  readonly body: Buffer;
  readonly text: string;
}

export type RawOutcome =
  | {
      readonly kind: 'response';
      readonly response: RawResponse;
      readonly durationMs: number;
      /** With `waitForUpload`: the connection failed (reset) before the whole request was sent. */
      readonly uploadError?: string;
    }
  /** No complete answer before the deadline. */
  | { readonly kind: 'hang'; readonly durationMs: number; readonly received: Buffer }
  /** The connection ended (closed or reset) without a complete answer. */
  | { readonly kind: 'closed'; readonly durationMs: number; readonly received: Buffer; readonly error?: string };

export interface SendRawOptions {
  readonly port: number;
  /** Sent in order; with `chunkDelayMs`, one piece at a time (slow clients). */
  readonly chunks: readonly Buffer[];
  readonly chunkDelayMs?: number;
  readonly deadlineMs: number;
  /** The request was a HEAD: the answer has headers only. */
  readonly head?: boolean;
  /**
   * Keep sending after an early answer (a 413 before the body is in) and report whether the
   * upload was cut: a server that resets instead of draining loses the answer for clients that
   * read only after sending.
   */
  readonly waitForUpload?: boolean;
}

interface Parsed {
  readonly response?: RawResponse;
  /** More bytes are needed. */
  readonly incomplete: boolean;
}

/** Parses one response (skipping `1xx` interim answers) from `data`; `ended` once the peer closed. */
function parseResponse(data: Buffer, ended: boolean, head: boolean): Parsed {
  let offset = 0;
  for (;;) {
    const headerEnd = data.indexOf('\r\n\r\n', offset);
    if (headerEnd === -1) return { incomplete: true };
    const headText = data.subarray(offset, headerEnd).toString('latin1');
    const [statusLine = '', ...headerLines] = headText.split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const bodyStart = headerEnd + 4;
    if (status >= 100 && status < 200) {
      offset = bodyStart;
      continue;
    }
    const done = (body: Buffer): Parsed => ({
      incomplete: false,
      response: { status, headers, head: headText, body, text: body.toString('utf8') },
    });
    if (head || status === 204 || status === 304) return done(Buffer.alloc(0));
    const length = headers['content-length'];
    if (length !== undefined) {
      const size = Number(length);
      if (data.length - bodyStart < size) return ended ? { incomplete: false } : { incomplete: true };
      return done(data.subarray(bodyStart, bodyStart + size));
    }
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks: Buffer[] = [];
      let cursor = bodyStart;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', cursor);
        if (lineEnd === -1) return ended ? { incomplete: false } : { incomplete: true };
        const size = parseInt(data.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) return { incomplete: false };
        if (size === 0) return done(Buffer.concat(chunks));
        if (data.length < lineEnd + 2 + size + 2) return ended ? { incomplete: false } : { incomplete: true };
        chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
      }
    }
    return ended ? done(data.subarray(bodyStart)) : { incomplete: true };
  }
}

/**
 * Writes raw bytes on a fresh TCP connection and reads one HTTP answer. Never throws: the outcome
 * says whether an answer came, the connection ended without one, or the deadline passed.
 */
export function sendRaw(options: SendRawOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    // Half-open: after the server's FIN the rest of an upload may still be sent (and drained).
    const socket = connect({ host: '127.0.0.1', port: options.port, allowHalfOpen: true });
    const received: Buffer[] = [];
    let settled = false;
    let writeError: string | undefined;
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(outcome);
    };
    const deadline = setTimeout(
      () => finish({ kind: 'hang', durationMs: elapsed(), received: Buffer.concat(received) }),
      options.deadlineMs,
    );
    let uploaded = false;
    let answered: RawResponse | undefined;
    const check = (ended: boolean, error?: string) => {
      const data = Buffer.concat(received);
      const parsed = answered
        ? { response: answered, incomplete: false }
        : parseResponse(data, ended, options.head ?? false);
      if (parsed.response) {
        answered = parsed.response;
        if (options.waitForUpload && !uploaded && !writeError && !ended) return;
        const uploadError = options.waitForUpload && !uploaded ? (writeError ?? error ?? 'closed') : undefined;
        finish({
          kind: 'response',
          response: parsed.response,
          durationMs: elapsed(),
          ...(uploadError ? { uploadError } : {}),
        });
      } else if (ended || !parsed.incomplete) {
        const reason = error ?? writeError;
        finish({ kind: 'closed', durationMs: elapsed(), received: data, ...(reason ? { error: reason } : {}) });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      check(false);
    });
    socket.on('end', () => {
      if (options.waitForUpload && answered && !uploaded) return;
      check(true);
    });
    socket.on('close', () => check(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A write failing (EPIPE/ECONNRESET) after the server answered early is not the end: what
      // was already read may hold the answer.
      writeError = error.code ?? error.message;
      check(true, writeError);
    });
    const closed = new Promise<void>((resolveClosed) => socket.once('close', () => resolveClosed()));
    const writeAll = async () => {
      for (const chunk of options.chunks) {
        if (settled || socket.destroyed) return;
        if (options.chunkDelayMs) await new Promise((resolveDelay) => setTimeout(resolveDelay, options.chunkDelayMs));
        if (settled || socket.destroyed) return;
        // Until the chunk is handed to the kernel (or the write failed, or the socket closed).
        await Promise.race([closed, new Promise<void>((resolveWrite) => socket.write(chunk, () => resolveWrite()))]);
      }
      if (settled || socket.destroyed) return;
      uploaded = true;
      check(false);
    };
    socket.once('connect', () => void writeAll());
  });
}
