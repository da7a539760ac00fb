import { writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { readStudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import { stringify as stringifyYaml } from 'yaml';
import {
  startLocalEnvironment,
  type LocalEnvironment,
} from './localEnvironment';
import {
  localStudioSchema,
  mergeSeeds,
  readYamlFile,
  seedDocumentSchema,
} from './portalFiles';

/** The portal's own long-term key in the stand-in's STS: local use only. */
export const LOCAL_PORTAL_CREDENTIALS = {
  accessKeyId: 'AKIALOCALPORTAL00001',
  secretAccessKey: 'local-portal-secret-key',
};

export const USAGE = `Usage: yarn aws-local [options]

Starts on 127.0.0.1 what the portal's backend talks to in AWS: DynamoDB Local
with the portal's two tables created and the seed loaded, and the STS +
SageMaker + Studio stand-in with one access role per LOB account of the seed.
Then prints the app-config that points a Backstage backend at them, and runs
until Ctrl-C. Relative paths resolve from the directory you typed it in.

Options:
  --studio <file>            what the LOB accounts contain: Studio domains, user
                             profiles, spaces (default: seed/local-studio.yaml)
  --seed <file>              mappings to load; repeat it to load several files
                             (default: seed/demo.yaml)
  --dynamodb-port <n>        DynamoDB Local's port (default 7100; 0: a free one)
  --port <n>                 the STS/SageMaker/Studio stand-in's port
                             (default 7101; 0: a free one)
  --external-id <id>         the ExternalId the access roles require
                             (default: local-external-id)
  --role-name <name>         the access roles' name (default: the plugin's)
  --lobs-table <name>        default: the plugin's (studio-portal-lobs)
  --memberships-table <name> default: the plugin's (studio-portal-memberships)
  --config-out <file>        also write the app-config to this file
  --sts-latency <ms>         latency added to every STS call
  --sagemaker-latency <ms>   latency added to every SageMaker call
  --help
`;

export interface CliOptions {
  studioFile: string;
  seedFiles: string[];
  dynamoDbPort: number;
  port: number;
  externalId: string;
  roleName?: string;
  lobsTable?: string;
  membershipsTable?: string;
  configOut?: string;
  stsLatencyMs?: number;
  sageMakerLatencyMs?: number;
}

/**
 * Throws a message meant for the terminal when the arguments are wrong.
 * Relative paths resolve from `cwd`; the defaults from the repository.
 */
export function parseCliArgs(
  argv: string[],
  cwd: string,
  repoRoot: string,
): CliOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      studio: { type: 'string' },
      seed: { type: 'string', multiple: true },
      'dynamodb-port': { type: 'string' },
      port: { type: 'string' },
      'external-id': { type: 'string' },
      'role-name': { type: 'string' },
      'lobs-table': { type: 'string' },
      'memberships-table': { type: 'string' },
      'config-out': { type: 'string' },
      'sts-latency': { type: 'string' },
      'sagemaker-latency': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) {
    throw new Error(`Unexpected argument '${positionals[0]}'`);
  }
  const path = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file));
  const integer = (key: keyof typeof values, max: number) => {
    const text = values[key] as string | undefined;
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > max) {
      throw new Error(`--${key} must be an integer from 0 to ${max}`);
    }
    return n;
  };
  const externalId = values['external-id'] ?? 'local-external-id';
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
    throw new Error('--external-id must be 2-1224 characters of [\\w+=,.@:/-]');
  }
  return {
    studioFile: values.studio
      ? path(values.studio)
      : resolve(repoRoot, 'seed/local-studio.yaml'),
    seedFiles: values.seed?.map(path) ?? [resolve(repoRoot, 'seed/demo.yaml')],
    dynamoDbPort: integer('dynamodb-port', 65535) ?? 7100,
    port: integer('port', 65535) ?? 7101,
    externalId,
    roleName: values['role-name'],
    lobsTable: values['lobs-table'],
    membershipsTable: values['memberships-table'],
    configOut: values['config-out'] && path(values['config-out']),
    stsLatencyMs: integer('sts-latency', 60_000),
    sageMakerLatencyMs: integer('sagemaker-latency', 60_000),
  };
}

/**
 * The `sagemakerStudio` app-config block that points the backend plugin at
 * the running stand-ins. Keys the plugin defaults are left out unless given.
 */
export function appConfigFor(
  options: Pick<
    CliOptions,
    'externalId' | 'roleName' | 'lobsTable' | 'membershipsTable'
  >,
  endpoints: { dynamoDb: string; aws: string },
) {
  return {
    sagemakerStudio: {
      mappings: {
        region: 'us-east-1',
        endpoint: endpoints.dynamoDb,
        ...(options.lobsTable && { lobsTable: options.lobsTable }),
        ...(options.membershipsTable && {
          membershipsTable: options.membershipsTable,
        }),
      },
      access: {
        externalId: options.externalId,
        ...(options.roleName && { roleName: options.roleName }),
      },
      aws: {
        endpoints: { sts: endpoints.aws, sagemaker: endpoints.aws },
        credentials: { ...LOCAL_PORTAL_CREDENTIALS },
      },
    },
  };
}

export async function startFromCli(
  options: CliOptions,
  log: (line: string) => void,
): Promise<{ environment: LocalEnvironment; appConfig: string }> {
  const studio = await readYamlFile(options.studioFile, localStudioSchema);
  const seeds = [];
  for (const file of options.seedFiles) {
    seeds.push(await readYamlFile(file, seedDocumentSchema));
  }
  // The plugin's own reading of the block fills in its defaults (role name,
  // table names, profile tag key), so the stand-ins match what it will ask.
  const portConfig = appConfigFor(options, {
    dynamoDb: `http://127.0.0.1:${options.dynamoDbPort}`,
    aws: `http://127.0.0.1:${options.port}`,
  });
  const plugin = readStudioConfig(new ConfigReader(portConfig));
  const environment = await startLocalEnvironment({
    dynamoDbPort: options.dynamoDbPort,
    awsPort: options.port,
    seed: mergeSeeds(seeds),
    studio,
    tables: plugin.mappings,
    access: plugin.access,
    portalCredentials: LOCAL_PORTAL_CREDENTIALS,
    latencyMs: {
      sts: options.stsLatencyMs,
      sagemaker: options.sageMakerLatencyMs,
    },
    log,
  });
  const appConfig = stringifyYaml(
    appConfigFor(options, {
      dynamoDb: environment.dynamoDb.endpoint,
      aws: environment.aws.endpoint,
    }),
  );
  return { environment, appConfig };
}

/** The CLI; `bin/aws-local.js` runs it from source. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  // yarn runs a script in its package's directory; INIT_CWD is where it was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  // Always run from source inside this repository (never bundled).
  // eslint-disable-next-line no-restricted-syntax
  const repoRoot = resolve(__dirname, '../../..');
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(argv, cwd, repoRoot);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  // Ctrl-C while starting still stops what has started.
  const running: { environment?: LocalEnvironment } = {};
  const stop = async () => {
    await running.environment?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const started = await startFromCli(options, () => {});
  const environment = (running.environment = started.environment);
  if (options.configOut) writeFileSync(options.configOut, started.appConfig);
  log(`DynamoDB Local: ${environment.dynamoDb.endpoint}`);
  log(`STS, SageMaker and the Studio page: ${environment.aws.endpoint}`);
  log(`Seed: ${options.seedFiles.join(', ')}; Studio: ${options.studioFile}`);
  log(
    `\nAdd this to your app-config (e.g. app-config.local.yaml)${
      options.configOut ? `, also written to ${options.configOut}` : ''
    }:\n`,
  );
  log(started.appConfig);
  log('Ready. Ctrl-C stops.');
}
