import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { sageMakerStudioAdminApiRef } from '../../api/adminApi';
import { ErrorNotice } from './ErrorNotice';
import { MemberLink } from './MemberLink';
import { readableTime } from './tables';
import { DataTable } from './DataTable';

/** How a user belongs: their own membership, or a group's (linked). */
function Through(props: { via: string; alsoVia?: string[] }) {
  const { via, alsoVia } = props;
  return (
    <>
      {via === 'direct' ? 'own membership' : <MemberLink entityRef={via} />}
      {alsoVia?.map((group, i) => (
        <span key={group}>
          {i === 0 ? ' (also in ' : ', '}
          <MemberLink entityRef={group} />
          {i === alsoVia.length - 1 ? ')' : ''}
        </span>
      ))}
    </>
  );
}

/** One of the section's two lists, named by its own heading. */
function Subsection(props: {
  headingId: string;
  heading: string;
  children: ReactNode;
}) {
  const { headingId, heading } = props;
  return (
    <section aria-labelledby={headingId}>
      <Typography
        variant="h6"
        component="h3"
        id={headingId}
        sx={{ mt: 3, mb: 1 }}
      >
        {heading}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * Who can open a LOB's Studio (its users, and the members of its groups as
 * the catalog lists them), and the Studio user profiles the portal created.
 */
export function LobAccessSection(props: {
  lobId: string;
  /** Changes when the mappings changed: load again. */
  refreshKey: string;
}) {
  const { lobId, refreshKey } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const effective = useAsync(
    () => api.listEffectiveMembers(lobId),
    [api, lobId, refreshKey],
  );
  const provisioned = useAsync(
    () => api.listProvisionedProfiles(lobId),
    [api, lobId, refreshKey],
  );

  return (
    <>
      <Subsection
        headingId="effective-heading"
        heading={`Effective members of ${lobId}`}
      >
        {effective.error && (
          <ErrorNotice
            error={effective.error}
            title="Could not load the effective members"
          />
        )}
        {effective.value && effective.value.unknownGroups.length > 0 && (
          <Alert severity="warning" sx={{ mb: 1 }}>
            The catalog has no group {effective.value.unknownGroups.join(', ')}:
            nobody belongs through it.
          </Alert>
        )}
        {effective.value?.truncated && (
          <Alert severity="info" sx={{ mb: 1 }}>
            Only the first {effective.value.members.length} members are listed.
          </Alert>
        )}
        <DataTable
          labelledBy="effective-heading"
          busy={effective.loading}
          columns={['User', 'User profile', 'Through']}
          empty={
            effective.value?.members.length === 0 &&
            `Nobody can open ${lobId}'s Studio yet.`
          }
        >
          {(effective.value?.members ?? []).map(m => (
            <TableRow key={m.userRef}>
              <TableCell>
                <MemberLink entityRef={m.userRef} />
              </TableCell>
              <TableCell>{m.userProfileName}</TableCell>
              <TableCell>
                <Through via={m.via} alsoVia={m.alsoVia} />
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      </Subsection>

      <Subsection
        headingId="provisioned-heading"
        heading={`Studio profiles the portal created in ${lobId}`}
      >
        {provisioned.error && (
          <ErrorNotice
            error={provisioned.error}
            title="Could not load the created profiles"
          />
        )}
        <DataTable
          labelledBy="provisioned-heading"
          busy={provisioned.loading}
          columns={['User profile', 'For', 'Through', 'Created at']}
          empty={
            provisioned.value?.items.length === 0 &&
            `The portal has created no Studio profiles in ${lobId}.`
          }
        >
          {(provisioned.value?.items ?? []).map(p => (
            <TableRow key={`${p.domainId}/${p.userProfileName}`}>
              <TableCell>{p.userProfileName}</TableCell>
              <TableCell>
                <MemberLink entityRef={p.userRef} />
              </TableCell>
              <TableCell>
                <Through via={p.viaGroup ?? 'direct'} />
              </TableCell>
              <TableCell>
                <time dateTime={p.createdAt} title={p.createdAt}>
                  {readableTime(p.createdAt)}
                </time>
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      </Subsection>
    </>
  );
}
