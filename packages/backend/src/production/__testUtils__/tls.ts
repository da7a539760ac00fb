import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The CA the backend trusts (NODE_EXTRA_CA_CERTS), as the image trusts RDS's. */
  caFile: string;
  /** Server certificate and key for 127.0.0.1 (PostgreSQL, Valkey). */
  certFile: string;
  keyFile: string;
}

function openssl(dir: string, ...args: string[]) {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new Error(
        'openssl is not installed (apt-get install -y openssl); the production contract test needs it for its TLS servers',
      );
    }
    throw new Error(
      `openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`,
    );
  }
}

/** A P-256 private key, the kind of both the CA and the server. */
function newEcKey(dir: string, out: string) {
  openssl(
    dir,
    'ecparam',
    '-name',
    'prime256v1',
    '-genkey',
    '-noout',
    '-out',
    out,
  );
}

/** A throwaway CA and a server certificate for 127.0.0.1, valid for a day. */
export function createTestCertificates(dir: string): TestCertificates {
  const caFile = join(dir, 'ca.pem');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  writeFileSync(
    join(dir, 'san.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n',
  );
  newEcKey(dir, 'ca.key');
  openssl(
    dir,
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-sha256',
    '-days',
    '1',
    '-subj',
    '/CN=studio-portal test CA',
    '-out',
    caFile,
  );
  newEcKey(dir, keyFile);
  openssl(
    dir,
    'req',
    '-new',
    '-key',
    keyFile,
    '-subj',
    '/CN=127.0.0.1',
    '-out',
    'server.csr',
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    caFile,
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-sha256',
    '-extfile',
    'san.cnf',
    '-out',
    certFile,
  );
  chmodSync(keyFile, 0o600);
  return { caFile, certFile, keyFile };
}
