// The stand-ins with the tables and the seed live in @studio-portal/aws-local,
// shared with its CLI (`yarn aws-local`).
export {
  startLocalEnvironment,
  standInWorld,
  type LocalEnvironment,
  type LocalEnvironmentOptions,
} from '@studio-portal/aws-local';
