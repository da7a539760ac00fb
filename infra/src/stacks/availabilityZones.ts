import { Fn } from 'aws-cdk-lib';

/**
 * The region's first three AZs, resolved by CloudFormation (Fn::GetAZs) at
 * deploy time: `cdk synth` needs no AZ lookup and stays offline, and no AZ
 * name is hard-coded into the templates.
 */
export function deployTimeAvailabilityZones(): string[] {
  return [0, 1, 2].map(index => Fn.select(index, Fn.getAzs()));
}
