import { DEFAULT_OPTIONS, runBench, type BenchResult } from './runBench';
import { formatTable } from './table';

/*
 * `yarn bench` prints a table; `yarn bench --json` prints exactly one JSON
 * object on stdout. Progress and the backend's own logs go to stderr.
 */
async function main(argv: string[]) {
  const json = argv.includes('--json');
  const unknown = argv.filter(arg => arg !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown argument(s): ${unknown.join(' ')}\nUsage: yarn bench [--json]\n`,
    );
    return 2;
  }
  // Keep stdout for the result alone: anything else that writes there goes to stderr.
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(
    process.stderr,
  ) as typeof process.stdout.write;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  let result: BenchResult;
  try {
    result = await runBench({ ...DEFAULT_OPTIONS, log });
  } finally {
    process.stdout.write = stdoutWrite;
  }
  stdoutWrite(
    json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
