import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExampleApp, synthExampleApp } from './__testUtils__/exampleApp';
import { acknowledge } from './constructs/acknowledge';

jest.setTimeout(90_000);

let outdir: string;
let example: ExampleApp;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'studio-portal-synth-'));
  // The app as `yarn synth` builds it: with cdk-nag registered.
  example = synthExampleApp({ nag: true, outdir });
  example.app.synth();
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('synthesis of the three-LOB example', () => {
  it('writes a template for every stack, in deploy order', () => {
    const manifest = JSON.parse(
      readFileSync(join(outdir, 'manifest.json'), 'utf8'),
    );
    const stacks = Object.entries(manifest.artifacts as Record<string, any>)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    expect(stacks).toEqual([
      'StudioPortal-SharedNetwork',
      'StudioPortal-SharedAccess',
      'StudioPortal-Lob-lob-a',
      'StudioPortal-Lob-lob-b',
      'StudioPortal-Lob-lob-c',
    ]);
    for (const stack of stacks) {
      expect(existsSync(join(outdir, `${stack}.template.json`))).toBe(true);
    }
    expect(manifest.artifacts['StudioPortal-Lob-lob-a'].dependencies).toContain(
      'StudioPortal-SharedAccess',
    );
    expect(
      manifest.artifacts['StudioPortal-SharedAccess'].dependencies,
    ).toContain('StudioPortal-SharedNetwork');
  });

  it('needs no lookups (offline synth)', () => {
    const manifest = JSON.parse(
      readFileSync(join(outdir, 'manifest.json'), 'utf8'),
    );
    expect(manifest.missing).toBeUndefined();
  });
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it.each(['network', 'access', 'lob-a', 'lob-b', 'lob-c'])(
    'reports no unacknowledged error or warning in the %s stack',
    name => {
      const { network, access, lobs } = example.stacks;
      const stack = {
        network,
        access,
        'lob-a': lobs[0],
        'lob-b': lobs[1],
        'lob-c': lobs[2],
      }[name]!;
      const report = new AwsSolutionsChecks(undefined, {
        verbose: true,
      }).validateScope(stack);
      const findings = report.violations.map(
        v =>
          `${v.severity} ${v.ruleName} at ${v.violatingResources
            .map(r => r.constructPath)
            .join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    },
  );

  it('does find problems in an insecure stack, and an acknowledgment covers only its rule', () => {
    const app = new App();
    const stack = new Stack(app, 'Insecure', {
      env: { account: '123456789012', region: 'us-east-1' },
    });
    const bucket = new s3.Bucket(stack, 'Bucket');
    acknowledge(
      bucket,
      'AwsSolutions-S1',
      'test: only this rule is acknowledged',
    );
    const report = new AwsSolutionsChecks().validateScope(stack);
    const rules = report.violations.map(v => v.ruleName);
    expect(report.success).toBe(false);
    expect(rules).toContain('AwsSolutions-S10');
    expect(rules).not.toContain('AwsSolutions-S1');
  });

  it('acknowledges each finding on one construct, never on a stack or the app', () => {
    const key = 'aws:cdk:acknowledged-rules';
    const { network, access, lobs } = example.stacks;
    for (const scope of [example.app, network, access, ...lobs]) {
      expect(scope.node.metadata.filter(m => m.type === key)).toEqual([]);
    }
  });
});
