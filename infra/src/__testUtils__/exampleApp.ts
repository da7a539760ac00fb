import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { APP_CONTEXT, buildStacks, PortalStacks } from '../app';
import { loadConfigFile, LoadedConfig, parseConfig } from '../config/load';

export const EXAMPLE_CONFIG_PATH = resolve(
  __dirname,
  '../../config/example.yaml',
);

export interface ExampleApp {
  loaded: LoadedConfig;
  app: App;
  stacks: PortalStacks;
  /** Templates by stack, synthesized once. */
  network: Template;
  access: Template;
  lobs: Template[];
}

/**
 * Builds and synthesizes the three-LOB example into a temporary directory.
 * Call once per test file (in beforeAll): synthesis takes a few seconds.
 */
export function synthExampleApp(
  options: {
    nag?: boolean;
    outdir?: string;
    /** A changed copy of the example file's content. */
    raw?: unknown;
  } = {},
): ExampleApp {
  const loaded: LoadedConfig = options.raw
    ? {
        config: parseConfig(options.raw),
        baseDir: dirname(EXAMPLE_CONFIG_PATH),
      }
    : loadConfigFile(EXAMPLE_CONFIG_PATH);
  const app = new App({
    outdir: options.outdir ?? mkdtempSync(join(tmpdir(), 'studio-portal-cdk-')),
    context: APP_CONTEXT,
  });
  const stacks = buildStacks(app, loaded.config, { nag: options.nag ?? false });
  return {
    loaded,
    app,
    stacks,
    network: Template.fromStack(stacks.network),
    access: Template.fromStack(stacks.access),
    lobs: stacks.lobs.map(stack => Template.fromStack(stack)),
  };
}
