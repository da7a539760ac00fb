/*
 * Runs the local OIDC provider (src/localMode/localOidcProvider.ts) in a
 * process of its own: it is an ES module, which Jest cannot import. Reads
 * its options as JSON from STUDIO_PORTAL_OIDC_OPTIONS, prints one line
 * `ready <metadataUrl>` and serves until it is terminated.
 */
import {
  startLocalOidcProvider,
  type LocalOidcOptions,
} from '../../localMode/localOidcProvider';

async function main() {
  const options = JSON.parse(
    process.env.STUDIO_PORTAL_OIDC_OPTIONS ?? '',
  ) as LocalOidcOptions;
  const provider = await startLocalOidcProvider(options);
  process.stdout.write(`ready ${provider.metadataUrl}\n`);
  const stop = () => provider.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
