/**
 * The CDK app's building blocks, for tools and tests outside infra (the
 * production container contract in packages/backend reads the synthesized
 * task definition through synthesizePortalTask).
 */
export { APP_CONTEXT, buildStacks } from './app';
export type { BuildOptions, PortalStacks } from './app';
export { loadConfigFile, parseConfig } from './config/load';
export type { AppConfig } from './config/schema';
export {
  EXAMPLE_CONFIG,
  portalTaskOf,
  synthesizePortalTask,
} from './production/portalTask';
export type { PortalTask } from './production/portalTask';
