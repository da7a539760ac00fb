import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';
import { effectiveUserProfileName } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  ImportDryRunResult,
  ImportFieldChange,
  ImportPreviewPart,
  ImportPreviewRow,
  ImportPreviewRows,
} from '../../api/adminApi';

const FIELD_LABELS: Record<string, string> = {
  displayName: 'Display name',
  accountId: 'Account',
  region: 'Region',
  domainId: 'Domain',
  roleName: 'Access role',
  provisionProfiles: 'Creates profiles at first launch',
  executionRoleName: 'Execution role',
  userProfileName: 'User profile',
};

/** A field's value as admins read it; an unset profile is the derived one. */
function shown(row: ImportPreviewRow, field: string, value?: string): string {
  if (field === 'userProfileName' && value === undefined && row.userRef) {
    return row.userRef.startsWith('group:')
      ? "each member's own"
      : `${effectiveUserProfileName({ userRef: row.userRef })} (default)`;
  }
  if (value === undefined) return 'none';
  if (field === 'provisionProfiles') return value === 'true' ? 'yes' : 'no';
  return value;
}

function rowName(row: ImportPreviewRow): string {
  return row.userRef ? `${row.userRef} in ${row.lobId}` : row.lobId;
}

function change(row: ImportPreviewRow, c: ImportFieldChange, added: boolean) {
  const label = FIELD_LABELS[c.field] ?? c.field;
  return added
    ? `${label}: ${shown(row, c.field, c.to)}`
    : `${label}: ${shown(row, c.field, c.from)} → ${shown(row, c.field, c.to)}`;
}

function RowList(props: {
  title: string;
  rows: ImportPreviewRows;
  kind: 'added' | 'changed' | 'kept';
}) {
  const { title, rows, kind } = props;
  if (rows.count === 0) return null;
  const more = rows.count - rows.rows.length;
  return (
    <>
      <Typography variant="body2" component="h4" sx={{ fontWeight: 'bold' }}>
        {title} ({rows.count})
      </Typography>
      <ul aria-label={title}>
        {rows.rows.map(row => (
          <li key={rowName(row)}>
            <code>{rowName(row)}</code>
            {row.changes.length > 0 && (
              <ul>
                {row.changes.map(c => (
                  <li key={c.field}>{change(row, c, kind === 'added')}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
    </>
  );
}

function Part(props: { title: string; part: ImportPreviewPart }) {
  const { title, part } = props;
  return (
    <section aria-label={title}>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
        {title}: {part.added.count} added, {part.changed.count} changed,{' '}
        {part.unchanged} unchanged, {part.notInFile.count} not in the file
        (kept)
      </Typography>
      <RowList title={`${title} added`} rows={part.added} kind="added" />
      <RowList title={`${title} changed`} rows={part.changed} kind="changed" />
      <RowList
        title={`${title} not in the file, kept`}
        rows={part.notInFile}
        kind="kept"
      />
    </section>
  );
}

/** What an import would change, row by row; nothing is written yet. */
export function ImportPreview(props: { result: ImportDryRunResult }) {
  const { result } = props;
  const { lobs, memberships } = result.preview;
  const nothing =
    lobs.added.count + lobs.changed.count === 0 &&
    memberships.added.count + memberships.changed.count === 0;
  return (
    <Alert severity="info" role="status">
      <AlertTitle>Dry run passed: nothing was written yet</AlertTitle>
      {result.lobs} line(s) of business and {result.memberships} membership(s)
      are valid.{' '}
      {nothing
        ? 'Importing would change nothing.'
        : 'Importing would make these changes (it removes nothing):'}
      <Part title="Lines of business" part={lobs} />
      <Part title="Memberships" part={memberships} />
    </Alert>
  );
}
