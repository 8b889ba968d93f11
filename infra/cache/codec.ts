import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/** Format 1 in the high nibble of the marker byte; the low bits say what was applied. */
const FORMAT = 0x10;
const COMPRESSED = 0x01;
const ENCRYPTED = 0x02;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Measured on 1–20 KB responses (tests/bench/cache-compression.ts): quality 5 is ~10% smaller
 * than gzip 6 for 0.1–0.8 ms per value; the default quality 11 costs 2–50 ms. */
const BROTLI_QUALITY = 5;
const DEFAULT_MAX_DECODED_BYTES = 32 * 1024 * 1024;

export interface CodecOptions {
  /** Values whose JSON is longer than this many bytes are compressed (brotli, quality 5). */
  readonly compressionThreshold: number;
  /** AES-256-GCM key: 32 bytes, base64. Absent = values are stored in clear. */
  readonly encryptionKey?: string | undefined;
  /** Largest decompressed value accepted (default 32 MiB), against compression bombs. */
  readonly maxDecodedBytes?: number;
}

/**
 * Turns JSON-plain values into the bytes stored in Redis and back. Layout: one marker byte
 * (`0x10 | flags`: bit 0 compressed, bit 1 encrypted), then the body; an encrypted body is
 * `iv (12) | tag (16) | ciphertext`, authenticated together with the marker and the entry's key,
 * so an entry copied under another key does not decode.
 */
export interface Codec {
  readonly encrypted: boolean;
  encode(value: unknown, key: string): Buffer;
  /** Throws `CodecError` when the bytes are not a value this codec wrote. */
  decode(data: Buffer, key: string): unknown;
}

export class CodecError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodecError';
  }
}

export function isCodecError(error: unknown): error is CodecError {
  return error instanceof CodecError;
}

/** Decodes a base64 AES-256 key, or throws when it is not exactly 32 bytes. */
export function toEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new CodecError('The encryption key must be 32 bytes, base64-encoded');
  return key;
}

export function createCodec(options: CodecOptions): Codec {
  const secret = options.encryptionKey === undefined ? undefined : toEncryptionKey(options.encryptionKey);
  const maxDecodedBytes = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;

  function encode(value: unknown, key: string): Buffer {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) throw new CodecError('The value is not JSON-serialisable');
    let body = Buffer.from(json, 'utf8');
    let marker = FORMAT;
    if (body.length > options.compressionThreshold) {
      const compressed = brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
      if (compressed.length < body.length) {
        body = compressed;
        marker |= COMPRESSED;
      }
    }
    if (!secret) return Buffer.concat([Buffer.of(marker), body]);
    marker |= ENCRYPTED;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', secret, iv);
    cipher.setAAD(associatedData(marker, key));
    const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
    return Buffer.concat([Buffer.of(marker), iv, cipher.getAuthTag(), ciphertext]);
  }

  function decode(data: Buffer, key: string): unknown {
    const marker = data[0];
    if (marker === undefined || (marker & 0xf0) !== FORMAT || (marker & ~(FORMAT | COMPRESSED | ENCRYPTED)) !== 0) {
      throw new CodecError('Unknown entry format');
    }
    const encrypted = (marker & ENCRYPTED) !== 0;
    if (encrypted !== (secret !== undefined)) {
      throw new CodecError(
        encrypted ? 'Encrypted entry but no encryption key' : 'Unencrypted entry but encryption is on',
      );
    }
    let body = data.subarray(1);
    if (secret) {
      if (body.length < IV_BYTES + TAG_BYTES) throw new CodecError('Truncated encrypted entry');
      try {
        const decipher = createDecipheriv('aes-256-gcm', secret, body.subarray(0, IV_BYTES));
        decipher.setAAD(associatedData(marker, key));
        decipher.setAuthTag(body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        body = Buffer.concat([decipher.update(body.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch (error) {
        throw new CodecError('The entry does not decrypt with this key', { cause: error });
      }
    }
    try {
      if (marker & COMPRESSED) body = brotliDecompressSync(body, { maxOutputLength: maxDecodedBytes });
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch (error) {
      throw new CodecError('The entry is corrupt', { cause: error });
    }
  }

  return { encrypted: secret !== undefined, encode, decode };
}

function associatedData(marker: number, key: string): Buffer {
  return Buffer.concat([Buffer.of(marker), Buffer.from(key, 'utf8')]);
}
