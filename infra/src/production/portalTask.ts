import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_CONTEXT, buildStacks } from '../app';
import { loadConfigFile } from '../config/load';

/** The example config that `yarn synth` and the tests use. */
// infra always runs from source (never bundled), so __dirname is stable here.
// eslint-disable-next-line no-restricted-syntax
export const EXAMPLE_CONFIG = resolve(__dirname, '../../config/example.yaml');

/** The Backstage container of a synthesized task definition. */
export interface PortalTask {
  /**
   * Plain variables: literal values (table names resolved), or
   * CloudFormation intrinsics as objects (resources made at deploy time).
   */
  environment: Record<string, unknown>;
  /** Secret variables: the ValueFrom of each (a Secrets Manager reference). */
  secrets: Record<string, unknown>;
}

/** Reads the Backstage container out of the shared-access stack's template. */
export function portalTaskOf(template: Template): PortalTask {
  const tasks = Object.values(
    template.findResources('AWS::ECS::TaskDefinition'),
  );
  if (tasks.length !== 1) {
    throw new Error(`expected one task definition, found ${tasks.length}`);
  }
  const containers = tasks[0].Properties.ContainerDefinitions as Array<{
    Name: string;
    Environment?: Array<{ Name: string; Value: unknown }>;
    Secrets?: Array<{ Name: string; ValueFrom: unknown }>;
  }>;
  const backstage = containers.find(c => c.Name === 'backstage');
  if (!backstage) throw new Error('no container named backstage');
  // A Ref to a table is its name, which the template states.
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: { TableName?: unknown } }
  >;
  const tableName = (value: unknown) => {
    const ref = (value as { Ref?: string } | null)?.Ref;
    const resource = ref ? resources[ref] : undefined;
    return resource?.Type === 'AWS::DynamoDB::Table' &&
      typeof resource.Properties?.TableName === 'string'
      ? resource.Properties.TableName
      : value;
  };
  return {
    environment: Object.fromEntries(
      (backstage.Environment ?? []).map(e => [e.Name, tableName(e.Value)]),
    ),
    secrets: Object.fromEntries(
      (backstage.Secrets ?? []).map(s => [s.Name, s.ValueFrom]),
    ),
  };
}

/**
 * Synthesizes a config (default: the example) without cdk-nag and returns
 * its Backstage container, for tests outside infra (the production
 * container contract of packages/backend).
 */
export function synthesizePortalTask(configPath = EXAMPLE_CONFIG): PortalTask {
  const outdir = mkdtempSync(join(tmpdir(), 'studio-portal-task-'));
  try {
    const app = new App({ outdir, context: APP_CONTEXT });
    const { access } = buildStacks(app, loadConfigFile(configPath).config, {
      nag: false,
    });
    return portalTaskOf(Template.fromStack(access));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
