import { resolve } from 'node:path';
import type { Config } from '@backstage/config';
import {
  readYamlFile,
  seedDocumentSchema,
  type SeedDocument,
} from './seedFiles';

/**
 * `sagemakerStudio.local` when local mode is enabled (only app-config.yaml
 * enables it); undefined otherwise, and local mode's services and modules
 * then do nothing.
 */
export function localModeConfig(config: Config): Config | undefined {
  const local = config.getOptionalConfig('sagemakerStudio.local');
  return local?.getOptionalBoolean('enabled') ? local : undefined;
}

/** The seed file of local mode: LOBs, memberships and the demo users. */
export function readLocalSeed(local: Config): Promise<SeedDocument> {
  return readYamlFile(resolve(local.getString('seedFile')), seedDocumentSchema);
}
