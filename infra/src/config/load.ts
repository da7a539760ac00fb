import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, appConfigSchema } from './schema';

export interface LoadedConfig {
  config: AppConfig;
  /** Directory of the config file: relative paths in it resolve from here. */
  baseDir: string;
}

/** Validates a parsed config; throws one error listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid ${source}:\n${problems}`);
  }
  return result.data;
}

export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  const raw = parse(readFileSync(absolute, 'utf8'));
  return { config: parseConfig(raw, absolute), baseDir: dirname(absolute) };
}
