import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A `${NAME}` reference in a config file, and where it is. */
export interface VariableReference {
  name: string;
  /** Config key, e.g. backend.database.connection.host */
  key: string;
  file: string;
}

/** The config files given with `--config <file>` or `--config=<file>` (URLs are skipped). */
export function configFilesOf(argv: string[]): string[] {
  const files: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--config' && argv[i + 1]) files.push(argv[i + 1]);
    else if (arg.startsWith('--config='))
      files.push(arg.slice('--config='.length));
  });
  return files.filter(file => !/^[a-z]+:\/\//i.test(file));
}

/**
 * Every `${NAME}` Backstage would substitute in the file's values. `$${...}`
 * is an escape and `${NAME:-default}` has a fallback, so neither is required.
 */
export function variableReferences(
  text: string,
  file: string,
): VariableReference[] {
  const references: VariableReference[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      for (const [, escape, name] of value.matchAll(
        /(\$?)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g,
      )) {
        if (!escape) references.push({ name, key, file });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${key}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value))
        visit(v, key ? `${key}.${k}` : k);
    }
  };
  for (const document of parseAllDocuments(text)) {
    if (!('errors' in document) || document.errors.length === 0)
      visit(document.toJS(), '');
  }
  return references;
}

/** References whose variable is unset or empty (Backstage would drop the key). */
export function missingVariables(
  files: string[],
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): VariableReference[] {
  return files
    .map(file => resolve(cwd, file))
    .filter(path => existsSync(path))
    .flatMap(path =>
      variableReferences(readFileSync(path, 'utf8'), basename(path)),
    )
    .filter(reference => !env[reference.name]);
}

export function missingVariablesMessage(missing: VariableReference[]): string {
  const lines = missing.map(m => `  ${m.name} (${m.key} in ${m.file})`);
  return [
    `The backend cannot start: ${
      missing.length === 1
        ? 'an environment variable is'
        : 'environment variables are'
    } missing:`,
    ...lines,
    "In AWS the CDK app's task definition sets them (docs/deployment.md).",
  ].join('\n');
}
