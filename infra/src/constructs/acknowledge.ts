import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
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
