import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeployedPortal, readCdkOutputs } from './cdkOutputs';
import { createTablesIfMissing } from './createTables';
import { readSeedFile } from './seedFile';
import { seedTables } from './seedTables';
import { seedUsers } from './seedUsers';

export const USAGE = `Usage: yarn seed [options]

Fills the portal's DynamoDB tables (and, with --user-pool-id, the Cognito
users) from a YAML seed file. Safe to re-run: existing items are kept.

  --file <path>              seed file (default: seed/demo.yaml at the repo root)
  --cdk-outputs <path>       outputs of \`cdk deploy --all --outputs-file <path>\`: the
                             deployed LOBs (domain ids, role names), the table
                             names, the region and the user pool come from there
  --region <region>          AWS region (default: $AWS_REGION, else us-east-1)
  --endpoint <url>           DynamoDB endpoint, e.g. http://127.0.0.1:8000 (DynamoDB Local)
  --create-tables            create missing tables first (DynamoDB Local only)
  --lobs-table <name>        default: studio-portal-lobs
  --memberships-table <name> default: studio-portal-memberships
  --user-pool-id <id>        also create the users in this Cognito user pool
  --cognito-endpoint <url>   Cognito endpoint override (e.g. cognito-local)
  --temporary-passwords      let Cognito email temporary passwords (use for real pools)
  --help
`;

export interface SeedOptions {
  file: string;
  /** LOB rows from the CDK outputs, added to the file's LOBs. */
  deployedLobs: DeployedPortal['lobs'];
  region: string;
  endpoint?: string;
  createTables: boolean;
  lobsTable: string;
  membershipsTable: string;
  userPoolId?: string;
  cognitoEndpoint?: string;
  temporaryPasswords: boolean;
}

/** Parses the command line; relative paths resolve from where yarn was invoked. */
export function parseSeedArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = env.INIT_CWD ?? process.cwd(),
): SeedOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      file: { type: 'string' },
      'cdk-outputs': { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'create-tables': { type: 'boolean', default: false },
      'lobs-table': { type: 'string' },
      'memberships-table': { type: 'string' },
      'user-pool-id': { type: 'string' },
      'cognito-endpoint': { type: 'string' },
      'temporary-passwords': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  for (const key of ['endpoint', 'cognito-endpoint'] as const) {
    const url = values[key];
    if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) {
      throw new Error(`--${key} must be an http(s) URL, got ${url}`);
    }
  }
  if (values['create-tables'] && !values.endpoint) {
    throw new Error(
      '--create-tables is for DynamoDB Local: pass --endpoint too (the CDK app owns the real tables)',
    );
  }
  // infra always runs from source (never bundled), so __dirname is stable here.
  // eslint-disable-next-line no-restricted-syntax
  const repoRoot = resolve(__dirname, '../../..');
  const file = values.file ?? resolve(repoRoot, 'seed/demo.yaml');
  const fromCwd = (path: string) =>
    isAbsolute(path) ? path : resolve(cwd, path);
  const deployed: DeployedPortal = values['cdk-outputs']
    ? readCdkOutputs(fromCwd(values['cdk-outputs']))
    : { lobs: [] };
  return {
    file: fromCwd(file),
    deployedLobs: deployed.lobs,
    region:
      values.region ??
      deployed.region ??
      env.AWS_REGION ??
      env.AWS_DEFAULT_REGION ??
      'us-east-1',
    endpoint: values.endpoint,
    createTables: values['create-tables'] ?? false,
    lobsTable:
      values['lobs-table'] ?? deployed.lobsTable ?? 'studio-portal-lobs',
    membershipsTable:
      values['memberships-table'] ??
      deployed.membershipsTable ??
      'studio-portal-memberships',
    userPoolId: values['user-pool-id'] ?? deployed.userPoolId,
    cognitoEndpoint: values['cognito-endpoint'],
    temporaryPasswords: values['temporary-passwords'] ?? false,
  };
}

/** Local endpoints accept any credentials; real AWS uses the default chain. */
function localCredentials(
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv,
) {
  return endpoint && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE
    ? { accessKeyId: 'local', secretAccessKey: 'local' }
    : undefined;
}

export async function runSeed(
  options: SeedOptions,
  log: (line: string) => void = console.log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const file = readSeedFile(options.file, options.deployedLobs);
  const tables = {
    lobsTable: options.lobsTable,
    membershipsTable: options.membershipsTable,
  };
  const dynamo = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: localCredentials(options.endpoint, env),
    maxAttempts: 3,
  });
  try {
    if (options.createTables) {
      const created = await createTablesIfMissing(dynamo, tables);
      if (created.length > 0) log(`created tables: ${created.join(', ')}`);
    }
    const result = await seedTables(
      DynamoDBDocumentClient.from(dynamo),
      tables,
      file,
    );
    log(
      `LOBs: ${result.created.lobs} created, ${result.kept.lobs} kept; ` +
        `memberships: ${result.created.memberships} created, ${result.kept.memberships} kept`,
    );
  } finally {
    dynamo.destroy();
  }

  if (options.userPoolId) {
    const cognito = new CognitoIdentityProviderClient({
      region: options.region,
      endpoint: options.cognitoEndpoint,
      credentials: localCredentials(options.cognitoEndpoint, env),
    });
    try {
      const users = await seedUsers(cognito, file.users, {
        userPoolId: options.userPoolId,
        temporaryPasswords: options.temporaryPasswords,
      });
      log(`Cognito users: ${users.created} created, ${users.kept} kept`);
    } finally {
      cognito.destroy();
    }
  } else if (file.users.length > 0) {
    log('Cognito users skipped (no --user-pool-id)');
  }
}

async function main(): Promise<void> {
  const options = parseSeedArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  await runSeed(options);
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(
      `seed failed: ${
        error instanceof Error ? error.message : String(error)
      }\n`,
    );
    process.exitCode = 1;
  });
}
