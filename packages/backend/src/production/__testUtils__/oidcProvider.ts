import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LocalOidcOptions } from '../../localMode/localOidcProvider';

export interface OidcProvider {
  metadataUrl: string;
  stop(): Promise<void>;
}

/** The local OIDC provider (Cognito's stand-in) in a child process. */
export async function startOidcProvider(
  options: LocalOidcOptions,
): Promise<OidcProvider> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      resolve(__dirname, 'oidcProviderProcess.ts'),
    ],
    {
      env: {
        ...process.env,
        STUDIO_PORTAL_OIDC_OPTIONS: JSON.stringify(options),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>(resolveExit =>
    child.once('exit', () => resolveExit()),
  );
  let output = '';
  const metadataUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the OIDC provider did not start:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /^ready (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited (${code}):\n${output}`));
    });
  });
  return {
    metadataUrl,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
