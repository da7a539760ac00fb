import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  effectiveUserProfileName,
  LOB_INPUT_FIELDS,
  lobInputSchema,
  membershipInputSchema,
  normalizeUserRef,
  profileClaimKey,
  type ImportRequest,
  type ImportResult,
  type ImportRowError,
  type LobInput,
  type MembershipInput,
  type MembershipRecord,
  type Page,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  pickDefined,
  type MappingEditor,
} from '@studio-portal/plugin-sagemaker-studio-node';
import type {
  BatchApplied,
  ImportPlanner,
  ImportTouched,
  MappingDocument,
} from './importPlan';

import { LOB_FIELDS, previewImport } from './importPreview';
import type { MappingTransferService } from './types';

export type { MappingDocument } from './importPlan';

/** Columns of the CSV export; a row is either a LOB or a membership. */
export const CSV_COLUMNS = [
  'kind',
  'lobId',
  ...LOB_FIELDS,
  'userRef',
  'userProfileName',
] as const;

/** Items per page of the editor's reads while exporting. */
const PAGE = 100;

/** Raw rows with the position to report them by. */
interface RawRows {
  lobs: { row: number; value: unknown }[];
  memberships: { row: number; value: unknown }[];
  /** CSV rows whose kind is neither lob nor membership. */
  unknown: { row: number; value: unknown }[];
}

/** Drops what an import touched from the cache. */
export type ImportInvalidation = (touched: ImportTouched) => Promise<void>;

/**
 * Export and import of all mappings (CSV, YAML, and the reference design's
 * DynamoDB items). Every row is checked first, and one bad row means nothing
 * is written; then the import is applied as one transaction (ImportPlanner).
 */
export class MappingTransfer implements MappingTransferService {
  constructor(
    private readonly editor: MappingEditor,
    private readonly planner: ImportPlanner,
    private readonly invalidate: ImportInvalidation,
  ) {}

  async exportAll(format: 'csv' | 'yaml'): Promise<string> {
    const document = await this.readAll();
    if (format === 'yaml') {
      return stringifyYaml({
        lobs: document.lobs,
        memberships: document.memberships,
      });
    }
    const rows = [
      ...document.lobs.map(lob => ({ kind: 'lob', ...lob })),
      ...document.memberships.map(m => ({ kind: 'membership', ...m })),
    ].map(row =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, escapeCell(String(v))]),
      ),
    );
    return stringifyCsv(rows, { header: true, columns: [...CSV_COLUMNS] });
  }

  /** Validates every row; returns the document or every row's problem. */
  parse(request: ImportRequest): {
    document?: MappingDocument;
    errors: ImportRowError[];
  } {
    const raw = toRawRows(request);
    const errors: ImportRowError[] = raw.unknown.map(({ row, value }) => ({
      row,
      kind: 'lob',
      message: `kind must be 'lob' or 'membership', not '${String(
        value ?? '',
      )}'`,
    }));
    const lobs: LobInput[] = [];
    const memberships: MembershipInput[] = [];

    for (const { row, value } of raw.lobs) {
      const parsed = lobInputSchema.safeParse(value);
      if (parsed.success) lobs.push(parsed.data);
      else
        errors.push({
          row,
          kind: 'lob',
          message: describe(parsed.error.issues),
        });
    }
    for (const { row, value } of raw.memberships) {
      const parsed = membershipInputSchema.safeParse(value);
      if (parsed.success)
        memberships.push({
          ...parsed.data,
          userRef: normalizeUserRef(parsed.data.userRef),
        });
      else
        errors.push({
          row,
          kind: 'membership',
          message: describe(parsed.error.issues),
        });
    }
    duplicates(
      raw.lobs,
      lobs.map(l => l.lobId),
      'lob',
      errors,
    );
    duplicates(
      raw.memberships,
      memberships.map(m => `${m.userRef} in ${m.lobId}`),
      'membership',
      errors,
    );
    sharedProfiles(raw.memberships, memberships, errors);
    return errors.length
      ? { errors }
      : { document: { lobs, memberships }, errors };
  }

  /** What applying the document would change, compared with the tables now (writes nothing). */
  async preview(document: MappingDocument) {
    return previewImport(document, await this.readAll());
  }

  /**
   * Creates what is new and updates what differs; removes nothing. All or
   * nothing up to 100 writes (see ImportPlanner). The cache entries it may
   * have changed are dropped whatever the outcome.
   */
  async apply(
    document: MappingDocument,
    actor: string,
    onBatch: BatchApplied,
  ): Promise<ImportResult> {
    const touched: ImportTouched = { lobs: [], users: [], claims: [] };
    try {
      return await this.planner.apply(document, actor, onBatch, touched);
    } finally {
      await this.invalidate(touched);
    }
  }

  private async readAll(): Promise<MappingDocument> {
    const lobs = await everyItem(cursor =>
      this.editor.listLobs({ cursor, limit: PAGE }),
    );
    lobs.sort((a, b) => a.lobId.localeCompare(b.lobId));

    const memberships: MembershipRecord[] = [];
    for (const lob of lobs) {
      memberships.push(
        ...(await everyItem(cursor =>
          this.editor.listMembers(lob.lobId, { cursor, limit: PAGE }),
        )),
      );
    }
    return {
      lobs: lobs.map(lob => pickDefined(lob, LOB_INPUT_FIELDS)),
      memberships: memberships.map(membership =>
        pickDefined(membership, ['userRef', 'lobId', 'userProfileName']),
      ),
    };
  }
}

/**
 * Every item of one of the editor's cursor-paged lists. Its pages are
 * already the live, filtered rows (not DynamoDB's), so the SDK paginators
 * and DynamoCalls.readPages do not apply here.
 */
async function everyItem<T>(
  readPage: (cursor?: string) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** CSV cells are text: `provisionProfiles` true/false becomes a boolean. */
function csvLob(value: Record<string, unknown>): Record<string, unknown> {
  const flag = value.provisionProfiles;
  if (flag === 'true') return { ...value, provisionProfiles: true };
  if (flag === 'false') return { ...value, provisionProfiles: false };
  return value;
}

function toRawRows(request: ImportRequest): RawRows {
  switch (request.format) {
    case 'csv': {
      let records: Record<string, string>[];
      try {
        records = parseCsv(request.content, {
          columns: true,
          skip_empty_lines: true,
          trim: true,
          bom: true,
        });
      } catch (error) {
        throw new InputError(
          `Invalid import: the CSV cannot be read (${
            (error as Error).message
          })`,
        );
      }
      const rows: RawRows = { lobs: [], memberships: [], unknown: [] };
      records.forEach((record, index) => {
        const row = index + 2; // line 1 is the header
        const { kind, ...fields } = record;
        const value = withoutEmpty(
          Object.fromEntries(
            Object.entries(fields).map(([k, v]) => [k, unescapeCell(v)]),
          ),
        );
        if (kind === 'lob') rows.lobs.push({ row, value: csvLob(value) });
        else if (kind === 'membership') rows.memberships.push({ row, value });
        else rows.unknown.push({ row, value: kind });
      });
      return rows;
    }
    case 'yaml': {
      let doc: any;
      try {
        doc = parseYaml(request.content);
      } catch (error) {
        throw new InputError(
          `Invalid import: the YAML cannot be read (${
            (error as Error).message
          })`,
        );
      }
      if (
        !doc ||
        typeof doc !== 'object' ||
        !Array.isArray(doc.lobs ?? []) ||
        !Array.isArray(doc.memberships ?? [])
      ) {
        throw new InputError(
          'Invalid import: the YAML must have the lists lobs and memberships',
        );
      }
      return {
        lobs: (doc.lobs ?? []).map((value: unknown, i: number) => ({
          row: i + 1,
          value,
        })),
        memberships: (doc.memberships ?? []).map(
          (value: unknown, i: number) => ({ row: i + 1, value }),
        ),
        unknown: [],
      };
    }
    case 'reference':
    default: {
      const namespace = request.userNamespace ?? 'default';
      return {
        lobs: request.lobs.map((item, i) => ({
          row: i + 1,
          value: {
            lobId: item.PK,
            displayName: item.PK,
            accountId: item.ACCOUNT_ID,
            region: request.region,
            domainId:
              request.domains[String(item.PK)] ??
              `(no domain id given for ${String(item.PK)})`,
          },
        })),
        memberships: request.users.map((item, i) => ({
          row: i + 1,
          value: {
            userRef: stringifyEntityRef({
              kind: 'user',
              namespace,
              name: String(item.PK),
            }),
            lobId: item.LOB,
          },
        })),
        unknown: [],
      };
    }
  }
}

function describe(
  issues: {
    path: PropertyKey[];
    message: string;
    code: string;
    keys?: string[];
  }[],
): string {
  return issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys')
        return `unknown field(s) ${issue.keys?.join(', ')}`;
      return `${issue.path.join('.') || 'row'} ${issue.message}`;
    })
    .join('; ');
}

function duplicates(
  raw: { row: number }[],
  keys: string[],
  kind: 'lob' | 'membership',
  errors: ImportRowError[],
) {
  if (keys.length !== raw.length) return; // rows already failed
  const seen = new Map<string, number>();
  keys.forEach((key, i) => {
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        row: raw[i].row,
        kind,
        message: `${key} repeats row ${first}`,
      });
    } else {
      seen.set(key, raw[i].row);
    }
  });
}

/** Two memberships of one LOB that would open the same profile: refused before anything is written. */
function sharedProfiles(
  raw: { row: number }[],
  memberships: MembershipInput[],
  errors: ImportRowError[],
) {
  if (memberships.length !== raw.length) return; // rows already failed
  const seen = new Map<string, { row: number; userRef: string }>();
  memberships.forEach((m, i) => {
    const profile = effectiveUserProfileName(m);
    const key = `${m.lobId}/${profileClaimKey(profile)}`;
    const first = seen.get(key);
    if (first && first.userRef !== m.userRef) {
      errors.push({
        row: raw[i].row,
        kind: 'membership',
        message: `profile '${profile}' of '${m.lobId}' is also given to ${first.userRef} (row ${first.row}); one profile belongs to one user`,
      });
    } else {
      seen.set(key, { row: raw[i].row, userRef: m.userRef });
    }
  });
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or return) as a
 * formula: such cells, and cells that start with the escape itself, get a
 * leading apostrophe, which an import of the CSV removes again.
 */
export function escapeCell(value: string): string {
  return /^['=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function unescapeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

function withoutEmpty(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
}
