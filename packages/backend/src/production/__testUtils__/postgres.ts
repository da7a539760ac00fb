import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../__testUtils__/freePort';
import type { TestCertificates } from './tls';

export interface Postgres {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL binaries (the newest installed major version). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root).filter(v => /^\d+$/.test(v))
    : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  const bin = major && join(root, major, 'bin');
  if (!bin || !existsSync(join(bin, 'initdb'))) {
    throw new Error(
      'PostgreSQL is not installed (apt-get install -y postgresql, or ./scripts/run.sh test, which installs it); the production contract test needs it',
    );
  }
  return bin;
}

/**
 * A throwaway PostgreSQL on 127.0.0.1 that, like RDS with rds.force_ssl,
 * accepts TCP connections only over TLS and only with a password, and a
 * login role that may create databases (as RDS's master user; Backstage
 * creates one database per plugin). PostgreSQL refuses to run as root, so
 * as root the server runs as the postgres user.
 */
export async function startPostgres(
  certificates: TestCertificates,
): Promise<Postgres> {
  const bin = postgresBin();
  // Its own directory under the temp dir, which the postgres user can reach.
  const dir = mkdtempSync(join(tmpdir(), 'studio-portal-pg-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot
    ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    : undefined;
  const group = asRoot
    ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    : undefined;
  const run = (command: string, args: string[]) => {
    const result = asRoot
      ? spawnSync(
          'su',
          [
            'postgres',
            '-s',
            '/bin/sh',
            '-c',
            [command, ...args]
              .map(a => `'${a.replace(/'/g, `'\\''`)}'`)
              .join(' '),
          ],
          { encoding: 'utf8' },
        )
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    }
    return result.stdout;
  };
  if (asRoot) {
    chownSync(dir, owner!, group!);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=reject',
    '-E',
    'UTF8',
  ]);

  // The server's key must be readable by the server only.
  for (const [from, to] of [
    [certificates.certFile, 'server.pem'],
    [certificates.keyFile, 'server.key'],
  ]) {
    copyFileSync(from, join(data, to));
    chmodSync(join(data, to), 0o600);
    if (asRoot) chownSync(join(data, to), owner!, group!);
  }
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      'hostssl all all 127.0.0.1/32 scram-sha-256',
      'hostnossl all all 0.0.0.0/0 reject',
      '',
    ].join('\n'),
  );
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'ssl = on',
      "ssl_cert_file = 'server.pem'",
      "ssl_key_file = 'server.key'",
      'fsync = off',
      '',
    ].join('\n'),
  );
  if (asRoot) chownSync(join(data, 'pg_hba.conf'), owner!, group!);
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '30',
    'start',
  ]);

  const user = 'backstage';
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  run(join(bin, 'psql'), [
    '-h',
    dir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `CREATE ROLE ${user} LOGIN CREATEDB PASSWORD '${password}'`,
  ]);
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
