/**
 * A development certificate for local HTTPS, made the way office-addin-dev-certs does: a private
 * CA and a localhost certificate it signs (SAN localhost, 127.0.0.1, ::1), kept in DATA/certs and
 * reused until it nears expiry. The user trusts the CA once (the serve command prints how).
 * Made with the system's openssl so no key material passes through a package we would have to vet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { PlanbookError } from '../model/errors';

export interface DevCert {
  cert: Buffer;
  key: Buffer;
  caPath: string;
  created: boolean;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new PlanbookError('UNAVAILABLE', {
      zh: `无法用 openssl 生成开发证书（${(e as Error).message.split('\n')[0]}）；请安装 openssl，或用 --cert/--key 指定证书`,
      en: `Could not make a development certificate with openssl (${(e as Error).message.split('\n')[0]}); install openssl or pass --cert/--key`,
    });
  }
}

export function ensureDevCert(dataDir: string): DevCert {
  const dir = join(dataDir, 'certs');
  const caKey = join(dir, 'ca.key');
  const caCrt = join(dir, 'ca.crt');
  const key = join(dir, 'localhost.key');
  const crt = join(dir, 'localhost.crt');
  if (existsSync(crt) && existsSync(key) && existsSync(caCrt)) {
    const c = new X509Certificate(readFileSync(crt));
    if (new Date(c.validTo).getTime() - Date.now() > 7 * 86400_000) return { cert: readFileSync(crt), key: readFileSync(key), caPath: caCrt, created: false };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(caCrt) || !existsSync(caKey)) {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '825',
        '-subj',
        '/CN=planbook Developer CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
  }
  writeFileSync(join(dir, 'localhost.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'localhost.key', '-out', 'localhost.csr', '-subj', '/CN=localhost'], dir);
  openssl(['x509', '-req', '-in', 'localhost.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'localhost.crt', '-days', '365', '-extfile', 'localhost.ext'], dir);
  return { cert: readFileSync(crt), key: readFileSync(key), caPath: caCrt, created: true };
}
