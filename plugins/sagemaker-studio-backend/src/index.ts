/**
 * Backstage backend plugin that opens Amazon SageMaker Studio for the
 * signed-in user in their line of business's AWS account.
 *
 * The mapping data model and its DynamoDB repository, which this
 * repository's other packages share, are in
 * `@studio-portal/plugin-sagemaker-studio-node`.
 *
 * @packageDocumentation
 */
export { sagemakerStudioPlugin as default } from './plugin';
