import { readFileSync } from 'node:fs';
import { ACCESS_OUTPUTS, LOB_OUTPUTS } from '../naming';

/** What `cdk deploy --outputs-file` tells the seed about a deployment. */
export interface DeployedPortal {
  region?: string;
  lobsTable?: string;
  membershipsTable?: string;
  userPoolId?: string;
  /** One row of the portal's LOB table per deployed LOB stack. */
  lobs: Array<Record<keyof typeof LOB_OUTPUTS, string>>;
}

type Outputs = Record<string, Record<string, string>>;

const hasAll = (outputs: Record<string, string>, keys: string[]) =>
  keys.every(key => typeof outputs[key] === 'string');

/**
 * Reads the outputs file of `cdk deploy --all --outputs-file <file>`: the
 * shared-access stack's table names, region and user pool, and every LOB
 * stack's row for the LOB table (domain id and role name included), so that
 * nobody copies them by hand. Stacks are recognised by their outputs
 * (naming.ts), not by their names.
 */
export function parseCdkOutputs(
  outputs: unknown,
  source = 'CDK outputs',
): DeployedPortal {
  if (!outputs || typeof outputs !== 'object' || Array.isArray(outputs)) {
    throw new Error(
      `${source}: expected the JSON object that cdk deploy --outputs-file writes`,
    );
  }
  const stacks = Object.entries(outputs as Outputs);
  const access = stacks.filter(([, o]) =>
    hasAll(o, Object.values(ACCESS_OUTPUTS)),
  );
  if (access.length > 1) {
    throw new Error(
      `${source}: several shared-access stacks (${access
        .map(([name]) => name)
        .join(', ')}); pass one deployment's outputs`,
    );
  }
  const lobs = stacks
    .filter(([, o]) => hasAll(o, Object.values(LOB_OUTPUTS)))
    .map(
      ([, o]) =>
        Object.fromEntries(
          Object.entries(LOB_OUTPUTS).map(([field, outputId]) => [
            field,
            o[outputId],
          ]),
        ) as DeployedPortal['lobs'][number],
    );
  if (access.length === 0 && lobs.length === 0) {
    throw new Error(
      `${source}: no stack of the Studio portal (deploy with --all, or with the access and LOB stacks, and --outputs-file)`,
    );
  }
  const accessOutputs = access[0]?.[1];
  return {
    region: accessOutputs?.[ACCESS_OUTPUTS.region],
    lobsTable: accessOutputs?.[ACCESS_OUTPUTS.lobsTable],
    membershipsTable: accessOutputs?.[ACCESS_OUTPUTS.membershipsTable],
    userPoolId: accessOutputs?.[ACCESS_OUTPUTS.userPoolId],
    lobs,
  };
}

export function readCdkOutputs(path: string): DeployedPortal {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseCdkOutputs(json, path);
}
