import { CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

export interface ImageRegistryStackProps extends StackProps {
  readonly repositoryName: string;
}

/**
 * The ECR repository of the Backstage image, when the config takes the image
 * from ECR (`portal.image.source: ecr`) instead of building it in
 * `cdk deploy`. Its own stack, deployed first, so that the image can be
 * pushed before the service that runs it is created.
 */
export class ImageRegistryStack extends Stack {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRegistryStackProps) {
    super(scope, id, props);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      // A tag names one image forever: a deployment never changes under you.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          description: 'Keep the 30 most recent images',
          maxImageCount: 30,
        },
      ],
    });
    new CfnOutput(this, 'RepositoryUri', {
      value: this.repository.repositoryUri,
      description: 'docker push <this>:<portal.image.tag>',
    });
  }
}
