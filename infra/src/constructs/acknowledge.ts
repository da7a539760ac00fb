import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on one construct (and its children),
 * with the reason it is acceptable there. cdk-nag v3 reads CDK's own
 * Validations acknowledgments; there is no blanket form.
 */
export function acknowledge(
  construct: IConstruct,
  id: string,
  reason: string,
): void {
  Validations.of(construct).acknowledge({ id, reason });
}

/**
 * How cdk-nag prints a `Fn::GetAtt` inside a finding id, e.g.
 * `<StudioDomain20F5E462.DomainId>`, so a finding can be acknowledged exactly.
 */
export function nagAttRef(element: CfnElement, attribute: string): string {
  return `<${Stack.of(element).getLogicalId(element)}.${attribute}>`;
}

/**
 * CDK's AwsCustomResource runs its SDK calls in one singleton Lambda per
 * stack, whose role carries the basic execution managed policy (its own
 * logs only). Call after creating an AwsCustomResource, saying what it does.
 */
export function acknowledgeAwsCustomResourceProvider(
  stack: Stack,
  purpose: string,
): void {
  const provider = stack.node.tryFindChild(
    `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (!provider) return;
  acknowledge(
    provider,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `CDK's AwsCustomResource provider (${purpose}) only writes its own logs with this policy.`,
  );
}
