import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type {
  CognitoCaller,
  CognitoPoolDefinition,
} from '@studio-portal/aws-local';
import type { LocalOidcOptions } from '../../localMode/localOidcProvider';

export interface CognitoStandInProcessOptions {
  /** The one user pool. */
  pool: CognitoPoolDefinition;
  /** Keys that may call the pool API, each with its allowed actions. */
  callers: CognitoCaller[];
  /** The app client of the OIDC sign-in (Backstage's). */
  client: LocalOidcOptions['client'];
}

export interface CognitoStandInProcess {
  /** The pool API, for CognitoIdentityProviderClient's `endpoint`. */
  endpoint: string;
  /** OIDC discovery of the sign-in in front of the pool (Cognito's metadata URL). */
  metadataUrl: string;
  stop(): Promise<void>;
}

/** The Cognito stand-in (pool API and OIDC sign-in, one pool) in a child process. */
export async function startCognitoStandInProcess(
  options: CognitoStandInProcessOptions,
): Promise<CognitoStandInProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      resolve(__dirname, 'cognitoStandInProcess.ts'),
    ],
    {
      env: {
        ...process.env,
        STUDIO_PORTAL_COGNITO_OPTIONS: JSON.stringify(options),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>(resolveExit =>
    child.once('exit', () => resolveExit()),
  );
  let output = '';
  const ready = await new Promise<{ endpoint: string; metadataUrl: string }>(
    (resolveReady, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`the Cognito stand-in did not start:\n${output}`)),
        60_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk;
        const match = /^ready (\{.*\})$/m.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveReady(JSON.parse(match[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`the Cognito stand-in exited (${code}):\n${output}`));
      });
    },
  );
  return {
    ...ready,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
