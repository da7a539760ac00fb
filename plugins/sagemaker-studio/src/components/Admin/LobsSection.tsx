import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { useState } from 'react';
import { SEARCH_MAX_LENGTH } from '@studio-portal/plugin-sagemaker-studio-common';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CheckResult,
  Lob,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { CheckDialog } from './CheckDialog';
import { DeleteLobDialog } from './DeleteLobDialog';
import { DataTable } from './DataTable';
import { ErrorNotice } from './ErrorNotice';
import { LobDialog } from './LobDialog';
import { Pager } from './Pager';
import { RowButton } from './RowButton';
import { SearchField } from './SearchField';
import { SectionHeading } from './SectionHeading';
import { SavedLob, SavedLobNotice } from './SavedLobNotice';
import { WRAPS } from './tables';
import { CursorPages } from './useCursorPages';

const COLUMNS = [
  'LOB id',
  'Name',
  'Account',
  'Region',
  'Domain',
  'Role',
  'Actions',
];

type Open =
  | { kind: 'add' }
  | { kind: 'edit' | 'delete'; lob: Lob }
  | { kind: 'check'; lob: Lob; result?: CheckResult }
  | undefined;

/** The LOB table, searched on the server, with its add, edit, delete and check dialogs. */
export function LobsSection(props: {
  pages: CursorPages<Lob>;
  /** The search the pages are of. */
  search: string;
  onSearch: (text: string) => void;
  canUpdate: boolean;
  selectedLobId?: string;
  onShowMembers: (lobId: string) => void;
  onChanged: (message: string) => void;
  onDeleted: (lobId: string) => void;
}) {
  const { pages, canUpdate, selectedLobId, onShowMembers, onChanged } = props;
  const { search, onSearch } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [open, setOpen] = useState<Open>();
  const [savedLob, setSavedLob] = useState<SavedLob>();
  const shown = pages.items;

  // A saved LOB is checked at once (the Check dialog's own call), so that
  // an unusable role is told with the save, not at the first launch.
  const saved = (lob: Lob, warnings: string[]) => {
    setOpen(undefined);
    pages.reload();
    setSavedLob({ lob, warnings });
    const settle = (outcome: Partial<SavedLob>) =>
      setSavedLob(current =>
        current?.lob === lob ? { ...current, ...outcome } : current,
      );
    api.checkLob(lob.lobId).then(
      check => settle({ check }),
      checkError => settle({ checkError }),
    );
  };

  return (
    <section aria-labelledby="lobs-heading">
      <SectionHeading
        id="lobs-heading"
        add={
          canUpdate
            ? {
                label: 'Add line of business',
                onClick: () => setOpen({ kind: 'add' }),
              }
            : undefined
        }
      >
        Lines of business
      </SectionHeading>
      <SearchField
        id="lob-search"
        label="Search lines of business"
        helperText="Searches every LOB by id, name, account, region or domain"
        maxLength={SEARCH_MAX_LENGTH}
        onSearch={onSearch}
      />
      <div role="status" aria-live="polite" data-testid="lob-saved">
        {savedLob && (
          <SavedLobNotice
            saved={savedLob}
            onClose={() => setSavedLob(undefined)}
            onDetails={() =>
              setOpen({
                kind: 'check',
                lob: savedLob.lob,
                result: savedLob.check,
              })
            }
          />
        )}
      </div>
      {pages.error && (
        <ErrorNotice error={pages.error} title="Could not load the LOBs">
          <Button color="inherit" size="small" onClick={pages.reload}>
            Retry
          </Button>
        </ErrorNotice>
      )}
      <DataTable
        labelledBy="lobs-heading"
        busy={pages.loading}
        columns={COLUMNS}
        empty={
          !pages.loading &&
          !pages.error &&
          shown.length === 0 &&
          (search ? `No LOB matches '${search}'.` : 'There are no LOBs yet.')
        }
      >
        {shown.map(lob => (
          <TableRow
            key={lob.lobId}
            selected={lob.lobId === selectedLobId}
            data-lob-id={lob.lobId}
          >
            <TableCell>{lob.lobId}</TableCell>
            <TableCell className={WRAPS}>{lob.displayName}</TableCell>
            <TableCell>{lob.accountId}</TableCell>
            <TableCell>{lob.region}</TableCell>
            <TableCell>{lob.domainId}</TableCell>
            <TableCell>{lob.roleName ?? 'default'}</TableCell>
            <TableCell>
              <Stack direction="row" spacing={1}>
                <RowButton
                  label={`Show members of ${lob.lobId}`}
                  onClick={() => onShowMembers(lob.lobId)}
                >
                  Members
                </RowButton>
                {canUpdate && (
                  <>
                    <RowButton
                      label={`Check ${lob.lobId}`}
                      onClick={() => setOpen({ kind: 'check', lob })}
                    >
                      Check
                    </RowButton>
                    <RowButton
                      label={`Edit ${lob.lobId}`}
                      onClick={() => setOpen({ kind: 'edit', lob })}
                    >
                      Edit
                    </RowButton>
                    <RowButton
                      danger
                      label={`Delete ${lob.lobId}`}
                      onClick={() => setOpen({ kind: 'delete', lob })}
                    >
                      Delete
                    </RowButton>
                  </>
                )}
              </Stack>
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
      <Pager label="Lines of business" pages={pages} />
      {(open?.kind === 'add' || open?.kind === 'edit') && (
        <LobDialog
          lob={open.kind === 'edit' ? open.lob : undefined}
          onClose={() => setOpen(undefined)}
          onSaved={saved}
          onConflict={pages.reload}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteLobDialog
          lob={open.lob}
          onClose={() => setOpen(undefined)}
          onDeleted={removed => {
            setOpen(undefined);
            pages.reload();
            setSavedLob(notice =>
              notice?.lob.lobId === open.lob.lobId ? undefined : notice,
            );
            props.onDeleted(open.lob.lobId);
            onChanged(
              `Deleted line of business ${open.lob.lobId}${
                removed ? ` and ${removed} membership(s)` : ''
              }.`,
            );
          }}
        />
      )}
      {open?.kind === 'check' && (
        <CheckDialog
          lob={open.lob}
          initialResult={open.result}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
