#!/usr/bin/env node
// Builds the plugin packages and packs them into tarballs that any
// Backstage app can install before the packages are on a registry:
//
//   yarn pack:plugins [--out <dir>]
//
// <dir> (default: dist-packs/ at the repo root) resolves from the directory
// the command was typed in. The tarballs have fixed names, so the lines that
// an app adds (printed at the end) stay the same from one pack to the next.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;

/**
 * In dependency order: the others depend on -common, the backend plugin on
 * -node. The first two are what an app's "resolutions" point at the tarballs.
 */
export const PLUGIN_PACKAGES = [
  '@studio-portal/plugin-sagemaker-studio-common',
  '@studio-portal/plugin-sagemaker-studio-node',
  '@studio-portal/plugin-sagemaker-studio-backend',
  '@studio-portal/plugin-sagemaker-studio',
  '@studio-portal/plugin-catalog-backend-module-cognito',
];

/** The tarball of a package: its unscoped name, without the version. */
export function tarballName(packageName) {
  return `${packageName.replace(/^@[^/]+\//, '')}.tgz`;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('Usage: yarn pack:plugins [--out <dir>]');
    return;
  }
  // yarn runs scripts from the repo root; INIT_CWD is where it was typed.
  const typedIn = process.env.INIT_CWD ?? process.cwd();
  const out = values.out
    ? isAbsolute(values.out)
      ? values.out
      : resolve(typedIn, values.out)
    : join(root, 'dist-packs');
  mkdirSync(out, { recursive: true });

  // The type check writes the declarations (dist-types/) the builds bundle.
  run('yarn', ['build:plugins']);
  for (const name of PLUGIN_PACKAGES) {
    // yarn pack runs the package's prepack (publishConfig into package.json)
    // and replaces workspace:^ ranges with the versions they point at.
    run('yarn', [
      'workspace',
      name,
      'pack',
      '--out',
      join(out, tarballName(name)),
    ]);
  }

  const tarball = name => join(out, tarballName(name));
  console.log(`
Packed into ${out}:
${PLUGIN_PACKAGES.map(name => `  ${tarball(name)}`).join('\n')}

In your app (see docs/install-backend.md and plugins/sagemaker-studio/README.md),
the root package.json's "resolutions" needs:
  "${PLUGIN_PACKAGES[0]}": "file:${tarball(PLUGIN_PACKAGES[0])}",
  "${PLUGIN_PACKAGES[1]}": "file:${tarball(PLUGIN_PACKAGES[1])}"
and the packages are added with:
  yarn --cwd packages/backend add ${PLUGIN_PACKAGES[2]}@file:${tarball(
    PLUGIN_PACKAGES[2],
  )}
  yarn --cwd packages/app add ${PLUGIN_PACKAGES[3]}@file:${tarball(
    PLUGIN_PACKAGES[3],
  )}
and, where the users and groups come from a Cognito user pool (docs/sign-in.md):
  yarn --cwd packages/backend add ${PLUGIN_PACKAGES[4]}@file:${tarball(
    PLUGIN_PACKAGES[4],
  )}
After packing again, reinstall with: YARN_CHECKSUM_BEHAVIOR=update yarn install
`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
