import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialsError,
  generateCredentials,
  loadCredentials,
  type TlsCredentials,
} from '../src/tls-credentials';

let generated: TlsCredentials;
let other: TlsCredentials;
let dir: string;
beforeAll(async () => {
  [generated, other] = await Promise.all([
    generateCredentials(['pop.example.test', '192.0.2.1']),
    generateCredentials(),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'pop3-lab-creds-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateCredentials', () => {
  it('makes a certificate for localhost, loopback and the names given, with a SHA-256 fingerprint', () => {
    const certificate = new X509Certificate(generated.certPem);
    expect(generated.generated).toBe(true);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkHost('pop.example.test')).toBe('pop.example.test');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkIP('192.0.2.1')).toBe('192.0.2.1');
    const der = certificate.raw;
    const expected = createHash('sha256')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .match(/../g)
      ?.join(':');
    expect(generated.fingerprint256).toBe(expected);
  });

  it('makes a new key pair each time', () => {
    expect(other.fingerprint256).not.toBe(generated.fingerprint256);
  });
});

describe('loadCredentials', () => {
  it('reads a PEM certificate and its key', async () => {
    await writeFile(join(dir, 'cert.pem'), generated.certPem);
    await writeFile(join(dir, 'key.pem'), generated.keyPem);
    const loaded = await loadCredentials(join(dir, 'cert.pem'), join(dir, 'key.pem'));
    expect(loaded.generated).toBe(false);
    expect(loaded.fingerprint256).toBe(generated.fingerprint256);
  });

  it('says which file is missing, unreadable or mismatched', async () => {
    await writeFile(join(dir, 'other-key.pem'), other.keyPem);
    await writeFile(join(dir, 'junk.pem'), 'not a certificate');
    const cert = join(dir, 'cert.pem');
    await expect(loadCredentials(join(dir, 'nope.pem'), cert)).rejects.toThrow(
      new CredentialsError(`certificate file ${join(dir, 'nope.pem')} does not exist`),
    );
    await expect(loadCredentials(join(dir, 'junk.pem'), cert)).rejects.toThrow(
      new CredentialsError(`${join(dir, 'junk.pem')} does not hold a PEM certificate`),
    );
    await expect(loadCredentials(cert, join(dir, 'junk.pem'))).rejects.toThrow(
      /does not hold a PEM private key/,
    );
    await expect(loadCredentials(cert, join(dir, 'other-key.pem'))).rejects.toThrow(
      /does not match the certificate/,
    );
  });
});
