import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppConfig } from './config/schema';
import { lobStackName, pascal } from './naming';
import { ImageRegistryStack } from './stacks/ImageRegistryStack';
import { LobStack } from './stacks/LobStack';
import { SharedAccessStack } from './stacks/SharedAccessStack';
import { SharedNetworkStack } from './stacks/SharedNetworkStack';

/**
 * Context every app of this project uses (also in cdk.json): keep
 * cross-stack references strong, i.e. the producer stack protects exports.
 */
export const APP_CONTEXT = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface PortalStacks {
  /** Only with `portal.image.source: ecr`. */
  registry?: ImageRegistryStack;
  network: SharedNetworkStack;
  access: SharedAccessStack;
  lobs: LobStack[];
}

export interface BuildOptions {
  /** Register cdk-nag's AwsSolutionsChecks as a validation plugin (default true). */
  nag?: boolean;
}

/** Wires a validated config to the stacks; deploy order is the array order. */
export function buildStacks(
  app: App,
  config: AppConfig,
  options: BuildOptions = {},
): PortalStacks {
  const prefix = pascal(config.prefix);
  const sharedEnv = {
    account: config.sharedServices.accountId,
    region: config.sharedServices.region,
  };
  const network = new SharedNetworkStack(app, `${prefix}-SharedNetwork`, {
    env: sharedEnv,
    config,
    description:
      'Studio portal: shared-services network (endpoints, DNS, resolvers, Transit Gateway)',
  });
  const { image } = config.portal;
  const registry =
    image.source === 'ecr'
      ? new ImageRegistryStack(app, `${prefix}-Registry`, {
          env: sharedEnv,
          repositoryName: image.repositoryName,
          description:
            'Studio portal: the ECR repository of the Backstage image',
        })
      : undefined;
  const access = new SharedAccessStack(app, `${prefix}-SharedAccess`, {
    env: sharedEnv,
    config,
    vpc: network.vpc,
    imageRepository: registry?.repository,
    description:
      'Studio portal: sign-in, mapping tables, database, cache and the Backstage service',
  });
  access.addStackDependency(network);
  const lobs = config.lobs.map(lob => {
    const stack = new LobStack(app, lobStackName(config, lob), {
      env: { account: lob.accountId, region: lob.region },
      config,
      lob,
      description: `Studio portal: line of business ${lob.lobId} (${lob.displayName})`,
    });
    // Cross-account: no CloudFormation references, but the shared values
    // (and the trusted task role) must exist first.
    stack.addStackDependency(access);
    Tags.of(stack).add('studio-portal:lob', lob.lobId);
    return stack;
  });
  Tags.of(app).add('studio-portal:app', config.prefix);
  if (options.nag !== false) {
    // cdk-nag v3 is a policy-validation plugin (its v2 form was an Aspect):
    // `cdk synth` fails on any unacknowledged finding.
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true }),
    );
  }
  return { registry, network, access, lobs };
}
