import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { sageMakerStudioAdminApiRef } from '../../api/adminApi';
import { LobsSection } from './LobsSection';
import { MembershipsSection } from './MembershipsSection';
import { TransferSection } from './TransferSection';
import { useAdminPermissions } from './useAdminPermissions';
import { useCursorPages } from './useCursorPages';

const DEFAULT_PAGE_SIZE = 25;

function NotAllowed() {
  return (
    <Alert severity="warning" role="alert" data-testid="admin-not-allowed">
      <AlertTitle>
        You are not allowed to administer SageMaker Studio
      </AlertTitle>
      Only portal admins may see and change which lines of business and users
      have Studio access. If you need a change, ask your platform team.
    </Alert>
  );
}

/**
 * The admin page body, without a header: for apps that frame it themselves.
 *
 * @public
 */
export function SageMakerStudioAdminPageContent(props: { pageSize?: number }) {
  const pageSize = props.pageSize ?? DEFAULT_PAGE_SIZE;
  const permissions = useAdminPermissions();
  if (permissions.loading) {
    return (
      <Content>
        <Progress aria-label="Checking your permissions" />
      </Content>
    );
  }
  return (
    <Content>
      {permissions.canRead ? (
        <AdminTables pageSize={pageSize} canUpdate={permissions.canUpdate} />
      ) : (
        <NotAllowed />
      )}
    </Content>
  );
}

function AdminTables(props: { pageSize: number; canUpdate: boolean }) {
  const { pageSize, canUpdate } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  // Bumped after an import, which may touch any row.
  const [revision, setRevision] = useState(0);
  const [selectedLobId, setSelectedLobId] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [lobSearch, setLobSearch] = useState('');
  const lobs = useCursorPages(`lobs|${revision}|${lobSearch}`, cursor =>
    api.listLobs({ cursor, limit: pageSize, q: lobSearch || undefined }),
  );
  const lobId = selectedLobId ?? lobs.items[0]?.lobId;

  return (
    <Stack spacing={4}>
      <div role="status" aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        )}
      </div>
      <TransferSection
        canUpdate={canUpdate}
        onImported={() => {
          setRevision(r => r + 1);
          setNotice('Import applied.');
        }}
      />
      <LobsSection
        pages={lobs}
        search={lobSearch}
        onSearch={setLobSearch}
        canUpdate={canUpdate}
        selectedLobId={lobId}
        onShowMembers={setSelectedLobId}
        onChanged={setNotice}
        onDeleted={deleted =>
          setSelectedLobId(selected =>
            selected === deleted ? undefined : selected,
          )
        }
      />
      <MembershipsSection
        lobs={lobs.items}
        lobId={lobId}
        onLobChange={setSelectedLobId}
        canUpdate={canUpdate}
        pageSize={pageSize}
        revision={revision}
        onChanged={setNotice}
      />
    </Stack>
  );
}

/** The admin page with Backstage's standard header, in both frontend systems. */
export function SageMakerStudioAdminPage() {
  return (
    <Page themeId="tool">
      <Header
        title="SageMaker Studio admin"
        subtitle="Lines of business, memberships, export and import"
      />
      <SageMakerStudioAdminPageContent />
    </Page>
  );
}
