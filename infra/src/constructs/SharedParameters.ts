import * as ram from 'aws-cdk-lib/aws-ram';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

export interface SharedParametersProps {
  /** Parameter name -> value. */
  readonly values: Record<string, string>;
  readonly shareWith: string[];
  readonly allowExternalPrincipals: boolean;
  readonly shareName: string;
}

/**
 * Publishes values that LOB stacks need (endpoint ids, TGW id, resolver rule
 * ids) as SSM parameters shared through RAM. Only the advanced tier can be
 * shared; LOB stacks read them by ARN as template parameters.
 */
export class SharedParameters extends Construct {
  readonly parameters: ssm.StringParameter[] = [];
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: SharedParametersProps) {
    super(scope, id);
    Object.entries(props.values).forEach(([parameterName, stringValue], i) => {
      this.parameters.push(
        new ssm.StringParameter(this, `Parameter${i}`, {
          parameterName,
          stringValue,
          tier: ssm.ParameterTier.ADVANCED,
          description:
            'Published by the shared-services network stack for LOB accounts',
        }),
      );
    });
    // L1: aws-cdk-lib has no L2 for RAM resource shares.
    this.share = new ram.CfnResourceShare(this, 'Share', {
      name: props.shareName,
      allowExternalPrincipals: props.allowExternalPrincipals,
      principals: props.shareWith,
      resourceArns: this.parameters.map(parameter => parameter.parameterArn),
    });
  }
}
