/*
 * Imported first by src/index.ts, before anything heavy loads: if a config
 * file given with --config (app-config.production.yaml in the image) names
 * an environment variable that is not set, stop at once and say which one.
 * Backstage itself would drop the key and fail later, naming the config key
 * or nothing at all.
 */
import {
  configFilesOf,
  missingVariables,
  missingVariablesMessage,
} from './requiredEnvironment';

const missing = missingVariables(
  configFilesOf(process.argv.slice(2)),
  process.env,
);
if (missing.length > 0) {
  process.stderr.write(`${missingVariablesMessage(missing)}\n`);
  process.exit(1);
}
