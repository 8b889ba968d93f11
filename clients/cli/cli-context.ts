/** What a command runs with: its parsed flags, the REST client and the process's streams. */
import type { RestClient } from '../rest/rest-client.js';
import type { CliValues } from './cli-options.js';

export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** The outside world of one CLI run; `main.ts` passes the real process's, tests their own. */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: AsyncIterable<string | Buffer> & { readonly isTTY?: boolean };
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Custom fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly values: CliValues;
  readonly operands: readonly string[];
  readonly client: RestClient;
  /** The service URL, for messages. */
  readonly url: string;
  /** A fresh signal per request that aborts after `--timeout`. */
  readonly requestSignal: () => AbortSignal;
}
