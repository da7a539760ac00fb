// The edits a person makes when following the docs, done to the files of a
// fresh create-app app. Each fails loudly when the stock file does not look
// as the docs expect, so template changes show up as test failures.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import { splitImports } from './snippets.mjs';

export function editFile(file, edit) {
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

/** Inserts `text` (indented like the anchor's line) before the anchor. */
export function insertBefore(source, anchor, text, file = 'file') {
  const at = source.indexOf(anchor);
  if (at < 0) throw new Error(`${file} has no '${anchor}'`);
  const lineStart = source.lastIndexOf('\n', at) + 1;
  const indent = source.slice(lineStart, at).match(/^\s*/)[0];
  const block = text
    .split('\n')
    .map(line => (line ? indent + line : line))
    .join('\n');
  return `${source.slice(0, lineStart)}${block}\n${source.slice(lineStart)}`;
}

/** Adds the snippet's imports after the file's last import. */
export function addImports(source, imports, file = 'file') {
  const lastImport = [
    ...source.matchAll(/^import [\s\S]*?from '[^']+';$/gm),
  ].pop();
  if (!lastImport) throw new Error(`${file} has no imports`);
  const end = lastImport.index + lastImport[0].length;
  return `${source.slice(0, end)}\n${imports.join('\n')}${source.slice(end)}`;
}

/** A TSX snippet: imports to the top, the rest before the anchor. */
export function applyTsxSnippet(source, snippet, anchor, file) {
  const { imports, rest } = splitImports(snippet);
  return insertBefore(addImports(source, imports, file), anchor, rest, file);
}

export function removeLine(source, pattern, file = 'file') {
  const lines = source.split('\n');
  const kept = lines.filter(line => !pattern.test(line));
  if (kept.length !== lines.length - 1) {
    throw new Error(`${file}: expected one line matching ${pattern}`);
  }
  return kept.join('\n');
}

/** Merges a JSON snippet into a package.json: objects merged key by key. */
export function mergeJson(source, snippet) {
  const merge = (target, extra) => {
    for (const [key, value] of Object.entries(extra)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        target[key] = merge(target[key] ?? {}, value);
      } else {
        target[key] = value;
      }
    }
    return target;
  };
  return `${JSON.stringify(
    merge(JSON.parse(source), JSON.parse(snippet)),
    null,
    2,
  )}\n`;
}

function entryId(item) {
  return isMap(item)
    ? String(item.items[0]?.key?.value ?? item.items[0]?.key)
    : String(item);
}

/**
 * Adds a snippet's `app.extensions` entries to the existing entries of the
 * same extension, as the docs say to: maps merged key by key, lists (such as
 * a home page's `defaultConfig`) extended. An extension the app does not
 * list yet is appended.
 */
export function mergeExtensions(source, snippet, file = 'app-config.yaml') {
  const doc = parseDocument(source);
  const extensions = doc.getIn(['app', 'extensions']);
  if (!isSeq(extensions)) throw new Error(`${file} has no app.extensions list`);
  for (const entry of parse(snippet).app.extensions) {
    const [id] = Object.keys(entry);
    const existing = extensions.items.filter(item => entryId(item) === id);
    if (existing.length > 1) throw new Error(`${file} lists ${id} twice`);
    if (existing.length === 0) {
      extensions.add(doc.createNode(entry));
      continue;
    }
    mergeNode(doc, existing[0], [id], entry[id]);
  }
  return doc.toString();
}

function mergeNode(doc, node, path, value) {
  if (Array.isArray(value)) {
    const seq = node.getIn(path);
    if (!isSeq(seq)) throw new Error(`${path.join('.')} is not a list`);
    for (const item of value) seq.add(doc.createNode(item));
  } else if (value && typeof value === 'object') {
    if (!node.hasIn(path) || node.getIn(path) === null) {
      node.setIn(path, doc.createNode({}));
    }
    for (const [key, inner] of Object.entries(value)) {
      mergeNode(doc, node, [...path, key], inner);
    }
  } else {
    node.setIn(path, value);
  }
}

/** Deletes an `app.extensions` entry, e.g. the catalog's `path: /`. */
export function removeExtension(source, id, file = 'app-config.yaml') {
  const doc = parseDocument(source);
  const extensions = doc.getIn(['app', 'extensions']);
  const index = extensions.items.findIndex(item => entryId(item) === id);
  if (index < 0) throw new Error(`${file} has no ${id} entry`);
  extensions.delete(index);
  return doc.toString();
}
