import Alert from '@mui/material/Alert';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import {
  effectiveUserProfileName,
  SEARCH_MAX_LENGTH,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Lob,
  MembershipRecord,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { DataTable } from './DataTable';
import { DeleteMembershipDialog } from './DeleteMembershipDialog';
import { ErrorNotice } from './ErrorNotice';
import { LobAccessSection } from './LobAccessSection';
import { MemberLink } from './MemberLink';
import { MembershipDialog } from './MembershipDialog';
import { Pager } from './Pager';
import { RowButton } from './RowButton';
import { SearchField } from './SearchField';
import { SectionHeading } from './SectionHeading';
import { useCursorPages } from './useCursorPages';
import { readableTime } from './tables';

const COLUMNS = ['User or group', 'User profile', 'Changed by', 'Changed at'];

type Open =
  | { kind: 'add' }
  | { kind: 'edit' | 'delete'; membership: MembershipRecord }
  | undefined;

/** The members of one LOB, searched on the server, with add, edit and remove. */
export function MembershipsSection(props: {
  lobs: Lob[];
  lobId?: string;
  onLobChange: (lobId: string) => void;
  canUpdate: boolean;
  pageSize: number;
  revision: number;
  onChanged: (message: string) => void;
}) {
  const { lobs, lobId, onLobChange, canUpdate, pageSize, revision } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<Open>();
  // Membership writes change who the effective members are.
  const [changes, setChanges] = useState(0);
  const pages = useCursorPages(`${revision}|${lobId ?? ''}|${search}`, cursor =>
    lobId
      ? api.listMemberships({
          lobId,
          q: search || undefined,
          cursor,
          limit: pageSize,
        })
      : Promise.resolve({ items: [] }),
  );
  const lobIds = lobs.map(lob => lob.lobId);
  if (lobId && !lobIds.includes(lobId)) lobIds.unshift(lobId);

  const done = (message: string) => {
    setOpen(undefined);
    pages.reload();
    setChanges(c => c + 1);
    props.onChanged(message);
  };

  return (
    <section aria-labelledby="members-heading">
      <SectionHeading
        id="members-heading"
        add={
          canUpdate && lobId
            ? { label: 'Add member', onClick: () => setOpen({ kind: 'add' }) }
            : undefined
        }
      >
        Memberships{lobId ? ` of ${lobId}` : ''}
      </SectionHeading>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={{ xs: 0, sm: 2 }}
        alignItems={{ xs: 'stretch', sm: 'flex-start' }}
        role="search"
        aria-label="Memberships"
      >
        <TextField
          select
          id="members-lob"
          label="Line of business"
          value={lobId ?? ''}
          onChange={e => onLobChange(e.target.value)}
          size="small"
          sx={{ minWidth: 200, mb: 1 }}
        >
          {lobIds.map(id => (
            <MenuItem key={id} value={id}>
              {id}
            </MenuItem>
          ))}
        </TextField>
        <SearchField
          id="members-search"
          label="Search members"
          helperText="A part of a user or group name, or of the profile"
          maxLength={SEARCH_MAX_LENGTH}
          onSearch={setSearch}
        />
      </Stack>
      {!lobId ? (
        <Alert severity="info">
          Choose a line of business to see its members.
        </Alert>
      ) : (
        <>
          {pages.error && (
            <ErrorNotice
              error={pages.error}
              title="Could not load the memberships"
            />
          )}
          <DataTable
            labelledBy="members-heading"
            busy={pages.loading}
            columns={canUpdate ? [...COLUMNS, 'Actions'] : COLUMNS}
            empty={
              !pages.loading &&
              !pages.error &&
              pages.items.length === 0 &&
              (search
                ? `No member of ${lobId} matches '${search}'.`
                : `${lobId} has no members yet.`)
            }
          >
            {pages.items.map(m => (
              <TableRow key={`${m.lobId}|${m.userRef}`}>
                <TableCell>
                  <MemberLink entityRef={m.userRef} />
                </TableCell>
                <TableCell>
                  {m.userRef.startsWith('group:')
                    ? "(each member's own)"
                    : effectiveUserProfileName(m)}
                </TableCell>
                <TableCell>
                  <MemberLink entityRef={m.updatedBy} />
                </TableCell>
                <TableCell>
                  <time dateTime={m.updatedAt} title={m.updatedAt}>
                    {readableTime(m.updatedAt)}
                  </time>
                </TableCell>
                {canUpdate && (
                  <TableCell>
                    <Stack direction="row" spacing={1}>
                      <RowButton
                        label={`Edit membership of ${m.userRef}`}
                        onClick={() => setOpen({ kind: 'edit', membership: m })}
                      >
                        Edit
                      </RowButton>
                      <RowButton
                        danger
                        label={`Remove ${m.userRef}`}
                        onClick={() =>
                          setOpen({ kind: 'delete', membership: m })
                        }
                      >
                        Remove
                      </RowButton>
                    </Stack>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </DataTable>
          <Pager label="Memberships" pages={pages} />
          <LobAccessSection
            lobId={lobId}
            refreshKey={`${revision}|${changes}`}
          />
        </>
      )}
      {lobId && (open?.kind === 'add' || open?.kind === 'edit') && (
        <MembershipDialog
          lobId={lobId}
          membership={open.kind === 'edit' ? open.membership : undefined}
          onClose={() => setOpen(undefined)}
          onConflict={pages.reload}
          onSaved={(m, warnings) =>
            done(
              [
                `Saved membership of ${m.userRef} in ${m.lobId}.`,
                ...warnings,
              ].join(' '),
            )
          }
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteMembershipDialog
          membership={open.membership}
          onClose={() => setOpen(undefined)}
          onDeleted={() =>
            done(
              `Removed ${open.membership.userRef} from ${open.membership.lobId}.`,
            )
          }
        />
      )}
    </section>
  );
}
