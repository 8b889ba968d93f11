import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCodec, isCodecError } from '../../infra/cache/codec.js';

const KEY = 'ai_cache:v1:summarize:abc';
const SECRET = randomBytes(32).toString('base64');
const small = { operation: 'summarize', result: 'Short.', metadata: { provider: 'local' } };
const large = {
  operation: 'key_points',
  key_points: Array.from(
    { length: 40 },
    (_, index) => `Point ${index}: revenue grew while costs stayed flat in region ${index}.`,
  ),
};

describe('createCodec', () => {
  it('round-trips small values as plain JSON behind a marker byte', () => {
    const codec = createCodec({ compressionThreshold: 1000 });
    const data = codec.encode(small, KEY);
    expect(data[0]).toBe(0x10);
    expect(data.subarray(1).toString('utf8')).toBe(JSON.stringify(small));
    expect(codec.decode(data, KEY)).toEqual(small);
  });

  it('compresses values above the threshold and round-trips them', () => {
    const codec = createCodec({ compressionThreshold: 1000 });
    const data = codec.encode(large, KEY);
    expect(data[0]).toBe(0x11);
    expect(data.length).toBeLessThan(JSON.stringify(large).length / 2);
    expect(codec.decode(data, KEY)).toEqual(large);
  });

  it('stores incompressible values above the threshold uncompressed', () => {
    const codec = createCodec({ compressionThreshold: 10 });
    const noise = { d: randomBytes(12).toString('base64') };
    expect(codec.encode(noise, KEY)[0]).toBe(0x10);
  });

  it('encrypts values so that the JSON is not readable, and decrypts them', () => {
    const codec = createCodec({ compressionThreshold: 1000, encryptionKey: SECRET });
    const data = codec.encode(small, KEY);
    expect(data[0]).toBe(0x12);
    expect(data.toString('utf8')).not.toContain('summarize');
    expect(codec.decode(data, KEY)).toEqual(small);
    expect(codec.encrypted).toBe(true);
  });

  it('compresses then encrypts large values, and round-trips them', () => {
    const codec = createCodec({ compressionThreshold: 1000, encryptionKey: SECRET });
    const data = codec.encode(large, KEY);
    expect(data[0]).toBe(0x13);
    expect(data.length).toBeLessThan(JSON.stringify(large).length / 2);
    expect(codec.decode(data, KEY)).toEqual(large);
  });

  it('uses a fresh IV per write', () => {
    const codec = createCodec({ compressionThreshold: 1000, encryptionKey: SECRET });
    expect(codec.encode(small, KEY).equals(codec.encode(small, KEY))).toBe(false);
  });

  it('rejects an encrypted entry read under another key (bound to its key)', () => {
    const codec = createCodec({ compressionThreshold: 1000, encryptionKey: SECRET });
    const data = codec.encode(small, KEY);
    expect(() => codec.decode(data, `${KEY}x`)).toThrow(/does not decrypt/);
  });

  it('rejects a wrong key, a tampered byte, a missing key and plaintext with encryption on', () => {
    const writer = createCodec({ compressionThreshold: 1000, encryptionKey: SECRET });
    const other = createCodec({ compressionThreshold: 1000, encryptionKey: randomBytes(32).toString('base64') });
    const plain = createCodec({ compressionThreshold: 1000 });
    const data = writer.encode(small, KEY);
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1]! ^= 1;
    const failures = [
      () => other.decode(data, KEY),
      () => writer.decode(tampered, KEY),
      () => plain.decode(data, KEY),
      () => writer.decode(plain.encode(small, KEY), KEY),
      () => writer.decode(data.subarray(0, 10), KEY),
    ];
    for (const failure of failures) {
      let caught: unknown;
      try {
        failure();
      } catch (error) {
        caught = error;
      }
      expect(isCodecError(caught)).toBe(true);
    }
  });

  it('rejects unknown markers, empty data and garbage bodies', () => {
    const codec = createCodec({ compressionThreshold: 1000 });
    expect(() => codec.decode(Buffer.alloc(0), KEY)).toThrow(/Unknown entry format/);
    expect(() => codec.decode(Buffer.from('{"a":1}'), KEY)).toThrow(/Unknown entry format/);
    expect(() => codec.decode(Buffer.of(0x10, 0x7b), KEY)).toThrow(/corrupt/);
    expect(() => codec.decode(Buffer.of(0x11, 1, 2, 3), KEY)).toThrow(/corrupt/);
    expect(() => codec.decode(Buffer.of(0x14, 0x7b), KEY)).toThrow(/Unknown entry format/);
  });

  it('refuses values larger than the decode limit once decompressed', () => {
    const writer = createCodec({ compressionThreshold: 100 });
    const reader = createCodec({ compressionThreshold: 100, maxDecodedBytes: 1000 });
    const data = writer.encode({ text: 'a'.repeat(5000) }, KEY);
    expect(data[0]).toBe(0x11);
    expect(() => reader.decode(data, KEY)).toThrow(/corrupt/);
  });

  it('refuses values that are not JSON and keys that are not 32 bytes', () => {
    const codec = createCodec({ compressionThreshold: 1000 });
    expect(() => codec.encode(undefined, KEY)).toThrow(/not JSON-serialisable/);
    expect(() =>
      createCodec({ compressionThreshold: 1000, encryptionKey: randomBytes(16).toString('base64') }),
    ).toThrow(/32 bytes/);
  });
});
