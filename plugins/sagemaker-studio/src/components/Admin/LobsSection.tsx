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
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Lob, SageMakerStudioAdminApi } from '../../api/adminApi';
import { CheckDialog } from './CheckDialog';
import { DeleteLobDialog } from './DeleteLobDialog';
import { ErrorNotice } from './ErrorNotice';
import { LobDialog } from './LobDialog';
import { Pager } from './Pager';
import { READABLE_TABLE } from './tables';
import { CursorPages } from './useCursorPages';

type Open =
  | { kind: 'add' }
  | { kind: 'edit' | 'delete' | 'check'; lob: Lob }
  | undefined;

function matches(lob: Lob, search: string) {
  const needle = search.trim().toLocaleLowerCase();
  return (
    !needle ||
    [lob.lobId, lob.displayName, lob.accountId, lob.region, lob.domainId].some(
      value => value.toLocaleLowerCase().includes(needle),
    )
  );
}

/** The LOB table with its add, edit, delete and check dialogs. */
export function LobsSection(props: {
  api: SageMakerStudioAdminApi;
  pages: CursorPages<Lob>;
  canUpdate: boolean;
  selectedLobId?: string;
  onShowMembers: (lobId: string) => void;
  onChanged: (message: string) => void;
  onDeleted: (lobId: string) => void;
}) {
  const { api, pages, canUpdate, selectedLobId, onShowMembers, onChanged } =
    props;
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<Open>();
  const shown = pages.items.filter(lob => matches(lob, search));

  const saved = (lob: Lob, warnings: string[]) => {
    setOpen(undefined);
    pages.reload();
    onChanged([`Saved line of business ${lob.lobId}.`, ...warnings].join(' '));
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
      <TextField
        id="lob-search"
        label="Search lines of business"
        helperText="Filters the LOBs of this page by id, name, account, region or domain"
        value={search}
        onChange={e => setSearch(e.target.value)}
        size="small"
        sx={{ mb: 1, minWidth: 320 }}
      />
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
                <TableCell>{lob.displayName}</TableCell>
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
          {search ? 'No LOB on this page matches.' : 'There are no LOBs yet.'}
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
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
