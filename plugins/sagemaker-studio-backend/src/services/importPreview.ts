import {
  IMPORT_PREVIEW_MAX_ROWS,
  LOB_INPUT_FIELDS,
  type ImportFieldChange,
  type ImportPreviewPart,
  type ImportPreviewRow,
  type LobInput,
  type MembershipInput,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { MappingDocument } from './importPlan';

/** The fields of a LOB an import writes (all but its id), in the CSV's column order. */
export const LOB_FIELDS = LOB_INPUT_FIELDS.filter(
  (field): field is Exclude<keyof LobInput, 'lobId'> => field !== 'lobId',
);

const text = (value: unknown) =>
  value === undefined ? undefined : String(value);

/**
 * The fields an import changes on a LOB: what ImportPlanner writes, and
 * what the dry run shows. None: the LOB is unchanged.
 */
export function lobChanges(
  current: Partial<Pick<LobInput, (typeof LOB_FIELDS)[number]>> | undefined,
  next: LobInput,
): ImportFieldChange[] {
  return LOB_FIELDS.filter(field => current?.[field] !== next[field]).map(
    field => ({
      field,
      ...(current?.[field] !== undefined ? { from: text(current[field]) } : {}),
      ...(next[field] !== undefined ? { to: text(next[field]) } : {}),
    }),
  );
}

/** The profile field of a membership, as ImportPlanner compares it. */
function membershipChanges(
  current: { userProfileName?: string } | undefined,
  next: MembershipInput,
): ImportFieldChange[] {
  if (current && current.userProfileName === next.userProfileName) return [];
  if (!current && next.userProfileName === undefined) return [];
  return [
    {
      field: 'userProfileName',
      ...(current?.userProfileName !== undefined
        ? { from: current.userProfileName }
        : {}),
      ...(next.userProfileName !== undefined
        ? { to: next.userProfileName }
        : {}),
    },
  ];
}

/** Collects rows of one kind: every one counted, the first ones listed. */
class Rows {
  count = 0;
  rows: ImportPreviewRow[] = [];
  add(row: ImportPreviewRow) {
    this.count++;
    if (this.rows.length < IMPORT_PREVIEW_MAX_ROWS) this.rows.push(row);
  }
  toJSON() {
    return { count: this.count, rows: this.rows };
  }
}

function part(): {
  added: Rows;
  changed: Rows;
  notInFile: Rows;
  unchanged: number;
} {
  return {
    added: new Rows(),
    changed: new Rows(),
    notInFile: new Rows(),
    unchanged: 0,
  };
}

const memberKey = (m: { lobId: string; userRef: string }) =>
  `${m.userRef}\u0000${m.lobId}`;

/**
 * What importing `file` would do to the mappings now in `tables`: rows
 * added, changed (old -> new), unchanged, and those the file lacks (kept:
 * an import removes nothing). Both documents hold normalized user refs.
 */
export function previewImport(
  file: MappingDocument,
  tables: MappingDocument,
): { lobs: ImportPreviewPart; memberships: ImportPreviewPart } {
  const lobs = part();
  const currentLobs = new Map(tables.lobs.map(lob => [lob.lobId, lob]));
  for (const lob of file.lobs) {
    const current = currentLobs.get(lob.lobId);
    const changes = lobChanges(current, lob);
    if (!current) lobs.added.add({ lobId: lob.lobId, changes });
    else if (changes.length > 0)
      lobs.changed.add({ lobId: lob.lobId, changes });
    else lobs.unchanged++;
  }
  const inFile = new Set(file.lobs.map(lob => lob.lobId));
  for (const lob of tables.lobs) {
    if (!inFile.has(lob.lobId))
      lobs.notInFile.add({ lobId: lob.lobId, changes: [] });
  }

  const members = part();
  const currentMembers = new Map(
    tables.memberships.map(m => [memberKey(m), m]),
  );
  for (const m of file.memberships) {
    const current = currentMembers.get(memberKey(m));
    const changes = membershipChanges(current, m);
    const row = { lobId: m.lobId, userRef: m.userRef, changes };
    if (!current) members.added.add(row);
    else if (changes.length > 0) members.changed.add(row);
    else members.unchanged++;
  }
  const membersInFile = new Set(file.memberships.map(memberKey));
  for (const m of tables.memberships) {
    if (!membersInFile.has(memberKey(m))) {
      members.notInFile.add({
        lobId: m.lobId,
        userRef: m.userRef,
        changes: [],
      });
    }
  }
  const plain = (p: ReturnType<typeof part>): ImportPreviewPart => ({
    added: p.added.toJSON(),
    changed: p.changed.toJSON(),
    unchanged: p.unchanged,
    notInFile: p.notInFile.toJSON(),
  });
  return { lobs: plain(lobs), memberships: plain(members) };
}
