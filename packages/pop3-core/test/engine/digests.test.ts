import { describe, expect, test } from 'vitest';
import { apopDigest, cramMd5Digest, decodeBase64, encodeBase64 } from '../../src';

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

describe('APOP digest (RFC 1939 §7)', () => {
  test('matches the example of the RFC', () => {
    expect(apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'tanstaaf')).toBe(
      'c4c9334bac560ecc979e58001b3e22fb',
    );
  });
});

describe('CRAM-MD5 digest (RFC 2195 §2)', () => {
  test('matches the example of the RFC', () => {
    expect(cramMd5Digest('<1896.697170952@postoffice.reston.mci.net>', 'tanstaaftanstaaf')).toBe(
      'b913a602c7eda7a495b4e6e7334d3890',
    );
  });
});

describe('strict base64 (RFC 4648 §4, RFC 5034 §4)', () => {
  // The test vectors of RFC 4648 §10.
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];

  test.each(vectors)('"%s" encodes to "%s" and back', (plain, encoded) => {
    expect(encodeBase64(new TextEncoder().encode(plain))).toBe(encoded);
    expect(text(decodeBase64(encoded))).toBe(plain);
  });

  test.each(['=AAA', 'AAA=BBB', 'Zg=', 'Zm9v!', 'Zm9 v', 'Z===', 'Zg=a'])(
    'rejects "%s" instead of skipping what is wrong',
    (bad) => {
      expect(decodeBase64(bad)).toBeUndefined();
    },
  );
});
