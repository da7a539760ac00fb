/*
 * Runs the portal's Cognito stand-in in a process of its own: the user pool
 * API (packages/aws-local, for the catalog provider and the test's admin
 * calls) and, in front of the same pool, the local OIDC provider in place
 * of the pool's hosted UI (src/localMode/localOidcProvider.ts, an ES module
 * that Jest cannot import). Reads its options as JSON from
 * STUDIO_PORTAL_COGNITO_OPTIONS, prints one line `ready <JSON>` with the
 * two addresses and serves until it is terminated.
 */
import { startCognitoStandIn } from '@studio-portal/aws-local';
import {
  poolSignInDirectory,
  startLocalOidcProvider,
} from '../../localMode/localOidcProvider';
import type { CognitoStandInProcessOptions } from './cognitoStandIn';

async function main() {
  const options = JSON.parse(
    process.env.STUDIO_PORTAL_COGNITO_OPTIONS ?? '',
  ) as CognitoStandInProcessOptions;
  const standIn = await startCognitoStandIn({
    pools: [options.pool],
    callers: options.callers,
  });
  const provider = await startLocalOidcProvider({
    port: 0,
    directory: poolSignInDirectory(standIn.pool(options.pool.userPoolId)),
    client: options.client,
  });
  process.stdout.write(
    `ready ${JSON.stringify({
      endpoint: standIn.endpoint,
      metadataUrl: provider.metadataUrl,
    })}\n`,
  );
  const stop = () =>
    Promise.allSettled([provider.close(), standIn.close()]).then(() =>
      process.exit(0),
    );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
