// The install test follows the docs: it reads the code blocks that the docs
// mark with `<!-- install-test: <id> -->` and applies exactly those, so a doc
// change that breaks the install breaks the test.
import { readFileSync } from 'node:fs';

// The marker may be followed by `<!-- prettier-ignore -->`, for JSX that
// prettier would turn into a statement.
const MARKED_BLOCK =
  /<!-- install-test: ([\w-]+) -->\s*\n(?:<!-- prettier-ignore -->\s*\n)?```(\w+)\n([\s\S]*?)\n```/g;

/** Every marked block of a markdown file, by id. */
export function readSnippets(file) {
  const snippets = new Map();
  for (const [, id, lang, code] of readFileSync(file, 'utf8').matchAll(
    MARKED_BLOCK,
  )) {
    if (snippets.has(id)) throw new Error(`${file}: snippet ${id} twice`);
    snippets.set(id, { id, lang, code, file });
  }
  return snippets;
}

/** The snippets of several files; each id must exist once. */
export function snippetBook(files) {
  const all = new Map();
  for (const file of files) {
    for (const [id, snippet] of readSnippets(file)) {
      if (all.has(id)) throw new Error(`snippet ${id} in two files`);
      all.set(id, snippet);
    }
  }
  return {
    get(id, lang) {
      const snippet = all.get(id);
      if (!snippet) {
        throw new Error(
          `No code block marked <!-- install-test: ${id} --> in ${files.join(
            ', ',
          )}`,
        );
      }
      if (lang && snippet.lang !== lang) {
        throw new Error(`${snippet.file}: ${id} should be a ${lang} block`);
      }
      return snippet.code;
    },
  };
}

/**
 * Splits a TSX snippet into its import statements and the rest (JSX or
 * expressions), leaving out comment lines.
 */
export function splitImports(code) {
  const imports = [];
  const rest = [];
  let current;
  for (const line of code.split('\n')) {
    if (current) {
      current.push(line);
      if (/from '[^']+';\s*$/.test(line)) {
        imports.push(current.join('\n'));
        current = undefined;
      }
    } else if (/^import\b/.test(line)) {
      if (/from '[^']+';\s*$/.test(line)) imports.push(line);
      else current = [line];
    } else if (line.trim() && !/^\s*\/\//.test(line)) {
      rest.push(line);
    }
  }
  if (current) throw new Error(`Unfinished import in snippet:\n${code}`);
  return { imports, rest: rest.join('\n') };
}
