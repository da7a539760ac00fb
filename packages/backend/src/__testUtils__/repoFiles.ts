import { resolve } from 'node:path';

// Test-only: files of the repository the tests run in.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** Local mode's seed: LOBs, memberships and the demo users. */
export const DEMO_SEED_FILE = resolve(REPO_ROOT, 'seed/demo.yaml');
/** Local mode's Studio stand-in state: domains, profiles, spaces. */
export const LOCAL_STUDIO_FILE = resolve(REPO_ROOT, 'seed/local-studio.yaml');
