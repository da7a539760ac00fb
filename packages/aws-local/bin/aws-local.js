#!/usr/bin/env node
// Runs the CLI from source (TypeScript, transpiled on load), so that it works
// in a fresh clone without a build. See ../README.md.
require('@backstage/cli-node/config/nodeTransform.cjs');

require('../src/cli')
  .main()
  .catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
