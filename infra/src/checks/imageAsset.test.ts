import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { synthExampleApp } from '../__testUtils__/exampleApp';
import {
  IMAGE_BUILD_CONTEXT,
  IMAGE_DOCKERFILE,
} from '../stacks/SharedAccessStack';

/*
 * The Backstage image as far as it can be proven without a Docker engine:
 * `cdk synth` stages the build context (the repository root, filtered by the
 * root .dockerignore), and everything the Dockerfile copies is in it, the
 * two tarballs of `yarn build:backend` included (built here if missing).
 * `docker build` itself runs in `cdk deploy` (docs/deployment.md).
 */

jest.setTimeout(900_000);

const root = IMAGE_BUILD_CONTEXT;
const dockerfile = readFileSync(join(root, IMAGE_DOCKERFILE), 'utf8');
const BUILD_OUTPUTS = [
  'packages/backend/dist/skeleton.tar.gz',
  'packages/backend/dist/bundle.tar.gz',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Local sources of COPY and ADD (not --from stages, not URLs), as written. */
function copiedSources(): string[] {
  return [...dockerfile.matchAll(/^(?:COPY|ADD)\s+(.+)$/gm)].flatMap(
    ([, args]) => {
      const parts = args.split(/\s+/).filter(part => !part.startsWith('--'));
      if (/^(?:COPY|ADD)\s+--from=/m.test(args)) return [];
      return parts.slice(0, -1).filter(source => !/^https?:\/\//.test(source));
    },
  );
}

const matchesGlob = (pattern: string, file: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')}(?:/.*)?$`,
  ).test(file);

let staged: string[];

beforeAll(() => {
  if (BUILD_OUTPUTS.some(file => !existsSync(join(root, file)))) {
    // What the Dockerfile's header asks for before `docker build`.
    const build = spawnSync('yarn', ['build:backend'], {
      cwd: root,
      encoding: 'utf8',
      // As from a shell: without Jest's NODE_ENV=test, for which the app's
      // browserslist has no entry (its defaults name browser versions the
      // bundler does not know yet).
      env: Object.fromEntries(
        Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV'),
      ),
    });
    if (build.status !== 0)
      throw new Error(
        `yarn build:backend failed:\n${build.stdout}\n${build.stderr}`,
      );
  }
  const example = synthExampleApp();
  example.app.synth();
  const assets = JSON.parse(
    readFileSync(
      join(example.app.outdir, 'StudioPortal-SharedAccess.assets.json'),
      'utf8',
    ),
  );
  const [image] = Object.values(assets.dockerImages) as Array<{
    source: { directory: string; dockerFile: string };
  }>;
  if (image.source.dockerFile !== IMAGE_DOCKERFILE) {
    throw new Error(`the image asset builds ${image.source.dockerFile}`);
  }
  const directory = resolve(example.app.outdir, image.source.directory);
  staged = filesUnder(directory)
    .map(file => relative(directory, file))
    .sort();
});

describe('the Backstage image asset', () => {
  it('stages only the files the Dockerfile needs, never sources, dependencies or git', () => {
    expect(staged).toEqual(
      expect.arrayContaining([
        IMAGE_DOCKERFILE,
        '.dockerignore',
        'yarn.lock',
        'package.json',
        ...BUILD_OUTPUTS,
      ]),
    );
    for (const file of staged) {
      expect(file).not.toMatch(
        /(^|\/)(node_modules|\.git|src|cdk\.out|\.tools)\//,
      );
    }
    // Small: the bundle is most of it.
    const bytes = staged.reduce(
      (sum, file) => sum + statSync(join(root, file)).size,
      0,
    );
    expect(bytes).toBeLessThan(100 * 1024 * 1024);
  });

  it('holds every source the Dockerfile copies', () => {
    const sources = copiedSources();
    expect(sources).toEqual(
      expect.arrayContaining(['.yarn', 'app-config*.yaml', ...BUILD_OUTPUTS]),
    );
    for (const source of sources) {
      expect(staged.filter(file => matchesGlob(source, file))).not.toEqual([]);
    }
    expect(
      staged.filter(file => matchesGlob('app-config*.yaml', file)).sort(),
    ).toEqual(['app-config.production.yaml', 'app-config.yaml']);
  });

  it('bundles the backend, its plugins and the built frontend', () => {
    const list = (file: string) =>
      spawnSync('tar', ['tzf', join(root, file)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }).stdout.split('\n');
    const bundle = list('packages/backend/dist/bundle.tar.gz');
    for (const path of [
      'packages/backend/dist/index.cjs.js',
      'packages/app/dist/index.html',
      'plugins/sagemaker-studio-backend/dist/index.cjs.js',
      'plugins/sagemaker-studio-common/dist/index.cjs.js',
      'plugins/sagemaker-studio-node/dist/index.cjs.js',
    ]) {
      expect(bundle).toContain(path);
    }
    expect(list('packages/backend/dist/skeleton.tar.gz')).toContain(
      'packages/backend/package.json',
    );
  });

  it('runs as the node user, on the Node major the repository tests with, with the production config', () => {
    expect(dockerfile).toMatch(/^FROM node:22-/m);
    expect(dockerfile.lastIndexOf('USER node')).toBeGreaterThan(
      dockerfile.lastIndexOf('FROM '),
    );
    expect(dockerfile).toMatch(/^ENV NODE_EXTRA_CA_CERTS=\S+$/m);
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)![1];
    expect(JSON.parse(cmd)).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
  });
});
