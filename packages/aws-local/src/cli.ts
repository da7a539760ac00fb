import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamoDbLocal';
import { startAwsStandIn } from './standIn';
import type { AwsStandIn, StandInWorld } from './types';
import { validateWorld } from './world';

export interface CliOptions {
  worldFile: string;
  port: number;
  /** undefined: no DynamoDB Local. */
  dynamoDbPort?: number;
  stsLatencyMs?: number;
  sageMakerLatencyMs?: number;
}

export const USAGE = `Usage: yarn workspace @studio-portal/aws-local start --world <file.json|yaml> [options]

Starts the STS + SageMaker + Studio stand-in (and optionally DynamoDB Local) on 127.0.0.1.

Options:
  --world <file>            the StandInWorld (JSON or YAML), required
  --port <n>                port of the stand-in (default 0: a free port)
  --dynamodb-port <n>       also start DynamoDB Local, its endpoint on this port (0: a free port)
  --sts-latency <ms>        latency added to every STS call
  --sagemaker-latency <ms>  latency added to every SageMaker call
`;

/** Throws a message meant for the terminal when the arguments are wrong. */
export function parseCliArgs(argv: string[]): CliOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!flag.startsWith('--'))
      throw new Error(`Unexpected argument '${flag}'`);
    if (value === undefined || value.startsWith('--'))
      throw new Error(`${flag} needs a value`);
    values.set(flag.slice(2), value);
    i++;
  }
  const known = [
    'world',
    'port',
    'dynamodb-port',
    'sts-latency',
    'sagemaker-latency',
  ];
  const unknown = [...values.keys()].find(key => !known.includes(key));
  if (unknown) throw new Error(`Unknown option --${unknown}`);
  const worldFile = values.get('world');
  if (!worldFile) throw new Error('--world is required');
  const number = (key: string) => {
    const text = values.get(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new Error(`--${key} must be an integer from 0 to 65535`);
    }
    return n;
  };
  return {
    worldFile,
    port: number('port') ?? 0,
    dynamoDbPort: number('dynamodb-port'),
    stsLatencyMs: number('sts-latency'),
    sageMakerLatencyMs: number('sagemaker-latency'),
  };
}

export function loadWorld(file: string): StandInWorld {
  const text = readFileSync(file, 'utf8');
  const data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  const world = data as Partial<StandInWorld> | null;
  if (
    !world ||
    !Array.isArray(world.callers) ||
    !Array.isArray(world.roles) ||
    !Array.isArray(world.domains)
  ) {
    throw new Error(
      `${file}: a world needs 'callers', 'roles' and 'domains' lists`,
    );
  }
  return validateWorld(world as StandInWorld);
}

async function main(): Promise<void> {
  let options: CliOptions;
  let world: StandInWorld;
  try {
    options = parseCliArgs(process.argv.slice(2));
    world = loadWorld(options.worldFile);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let dynamoDb: DynamoDbLocal | undefined;
  let aws: AwsStandIn | undefined = undefined;
  const stop = async () => {
    await Promise.allSettled([aws?.close(), dynamoDb?.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  if (options.dynamoDbPort !== undefined) {
    dynamoDb = await startDynamoDbLocal({ port: options.dynamoDbPort });
    log(`DynamoDB Local on ${dynamoDb.endpoint}`);
  }
  aws = await startAwsStandIn({
    port: options.port,
    world,
    latencyMs: {
      sts: options.stsLatencyMs,
      sagemaker: options.sageMakerLatencyMs,
    },
    log,
  });
  log(`Control: ${aws.endpoint}/__standin/stats. Ctrl-C stops.`);
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
