/**
 * The certificate and key the TLS listeners use: read from PEM files, or generated at start
 * (a maintained library builds the X.509 structure; nothing here writes ASN.1 by hand).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname as machineName } from 'node:os';
import { createSecureContext, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

export interface TlsCredentials {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the DER certificate, as `AB:CD:…`: what a student compares in s_client. */
  readonly fingerprint256: string;
  readonly generated: boolean;
  readonly subject: string;
  readonly validTo: string;
}

export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/** RFC 8314 §4.1: TLS 1.2 or later for mail access. */
export const MIN_TLS_VERSION = 'TLSv1.2';

export async function loadCredentials(certFile: string, keyFile: string): Promise<TlsCredentials> {
  const certPem = await readText(certFile, 'certificate');
  const keyPem = await readText(keyFile, 'key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch {
    throw new CredentialsError(`${certFile} does not hold a PEM certificate`);
  }
  try {
    const key = createPrivateKey(keyPem);
    if (!certificate.checkPrivateKey(key)) {
      throw new CredentialsError(
        `the key in ${keyFile} does not match the certificate in ${certFile}`,
      );
    }
  } catch (error) {
    if (error instanceof CredentialsError) throw error;
    throw new CredentialsError(
      `${keyFile} does not hold a PEM private key (an encrypted key is not supported)`,
    );
  }
  return describe(certPem, keyPem, certificate, false);
}

/**
 * A fresh self-signed certificate for `localhost`, the loopback addresses and `names`, valid
 * for a year. An EC P-256 key keeps start-up fast; SHA-256 signs it.
 */
export async function generateCredentials(names: readonly string[] = []): Promise<TlsCredentials> {
  const dnsNames = [...new Set(['localhost', machineName(), ...names.filter((n) => !isIp(n))])];
  const ips = [...new Set(['127.0.0.1', '::1', ...names.filter(isIp)])];
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: dnsNames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return describe(pems.cert, pems.private, new X509Certificate(pems.cert), true);
}

export function secureContextFor(credentials: TlsCredentials): SecureContext {
  return createSecureContext({
    cert: credentials.certPem,
    key: credentials.keyPem,
    minVersion: MIN_TLS_VERSION,
  });
}

function describe(
  certPem: string,
  keyPem: string,
  certificate: X509Certificate,
  generated: boolean,
): TlsCredentials {
  return {
    certPem,
    keyPem,
    fingerprint256: certificate.fingerprint256,
    generated,
    subject: certificate.subject.replace(/\n/g, ', '),
    validTo: certificate.validTo,
  };
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CredentialsError(
      code === 'ENOENT'
        ? `${what} file ${file} does not exist`
        : `cannot read ${what} file ${file} (${code ?? 'error'})`,
    );
  }
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}
