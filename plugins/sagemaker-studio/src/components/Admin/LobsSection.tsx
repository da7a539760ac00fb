import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { SEARCH_MAX_LENGTH } from '@studio-portal/plugin-sagemaker-studio-common';
import { CheckResult, Lob, SageMakerStudioAdminApi } from '../../api/adminApi';
import { CheckDialog } from './CheckDialog';
import { DeleteLobDialog } from './DeleteLobDialog';
import { ErrorNotice } from './ErrorNotice';
import { LobDialog } from './LobDialog';
import { Pager } from './Pager';
import { SearchField } from './SearchField';
import { SavedLob, SavedLobNotice } from './SavedLobNotice';
import { READABLE_TABLE, WRAPS } from './tables';
import { CursorPages } from './useCursorPages';

type Open =
  | { kind: 'add' }
  | { kind: 'edit' | 'delete'; lob: Lob }
  | { kind: 'check'; lob: Lob; result?: CheckResult }
  | undefined;

/** The LOB table, searched on the server, with its add, edit, delete and check dialogs. */
export function LobsSection(props: {
  api: SageMakerStudioAdminApi;
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
  const { api, pages, canUpdate, selectedLobId, onShowMembers, onChanged } =
    props;
  const { search, onSearch } = props;
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
      <Stack
        direction="row"
        justifyContent="space-between"
        alignItems="center"
        sx={{ mb: 1 }}
      >
        <Typography variant="h5" component="h2" id="lobs-heading">
          Lines of business
        </Typography>
        {canUpdate && (
          <Button variant="contained" onClick={() => setOpen({ kind: 'add' })}>
            Add line of business
          </Button>
        )}
      </Stack>
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
      <TableContainer component={Paper}>
        <Table
          size="small"
          aria-labelledby="lobs-heading"
          aria-busy={pages.loading}
          sx={READABLE_TABLE}
        >
          <TableHead>
            <TableRow>
              <TableCell>LOB id</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Account</TableCell>
              <TableCell>Region</TableCell>
              <TableCell>Domain</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
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
                    <Button
                      size="small"
                      aria-label={`Show members of ${lob.lobId}`}
                      onClick={() => onShowMembers(lob.lobId)}
                    >
                      Members
                    </Button>
                    {canUpdate && (
                      <>
                        <Button
                          size="small"
                          aria-label={`Check ${lob.lobId}`}
                          onClick={() => setOpen({ kind: 'check', lob })}
                        >
                          Check
                        </Button>
                        <Button
                          size="small"
                          aria-label={`Edit ${lob.lobId}`}
                          onClick={() => setOpen({ kind: 'edit', lob })}
                        >
                          Edit
                        </Button>
                        <Button
                          size="small"
                          color="error"
                          aria-label={`Delete ${lob.lobId}`}
                          onClick={() => setOpen({ kind: 'delete', lob })}
                        >
                          Delete
                        </Button>
                      </>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {!pages.loading && !pages.error && shown.length === 0 && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {search ? `No LOB matches '${search}'.` : 'There are no LOBs yet.'}
        </Alert>
      )}
      <Pager
        label="Lines of business"
        pageNumber={pages.pageNumber}
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      {(open?.kind === 'add' || open?.kind === 'edit') && (
        <LobDialog
          api={api}
          lob={open.kind === 'edit' ? open.lob : undefined}
          onClose={() => setOpen(undefined)}
          onSaved={saved}
          onConflict={pages.reload}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteLobDialog
          api={api}
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
          api={api}
          lob={open.lob}
          initialResult={open.result}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
