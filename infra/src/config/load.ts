import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseOrExplain } from '../parseOrExplain';
import { AppConfig, appConfigSchema } from './schema';

export interface LoadedConfig {
  config: AppConfig;
  /** Directory of the config file: relative paths in it resolve from here. */
  baseDir: string;
}

/** Validates a parsed config; throws one error listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  return parseOrExplain(appConfigSchema, raw, source);
}

export function loadConfigFile(path: string): LoadedConfig {
  const absolute = resolve(path);
  const raw = parse(readFileSync(absolute, 'utf8'));
  return { config: parseConfig(raw, absolute), baseDir: dirname(absolute) };
}
