import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import {
  ExportFormat,
  ImportResult,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { ErrorNotice } from './ErrorNotice';
import { ImportDialog } from './ImportDialog';

const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv',
  yaml: 'application/yaml',
};

/** Hands a text to the browser as a file download. */
function download(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Export (download CSV or YAML) and, for those who may write, import. */
export function TransferSection(props: {
  canUpdate: boolean;
  onImported: (result: ImportResult) => void;
}) {
  const { canUpdate, onImported } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [error, setError] = useState<unknown>();
  const [importing, setImporting] = useState(false);

  const exportAs = async (format: ExportFormat) => {
    setError(undefined);
    try {
      const text = await api.exportMappings(format);
      download(
        text,
        `sagemaker-studio-mappings.${format}`,
        MEDIA_TYPES[format],
      );
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-label="Export and import">
      <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
        <Button variant="outlined" onClick={() => exportAs('csv')}>
          Export CSV
        </Button>
        <Button variant="outlined" onClick={() => exportAs('yaml')}>
          Export YAML
        </Button>
        {canUpdate && (
          <Button variant="outlined" onClick={() => setImporting(true)}>
            Import…
          </Button>
        )}
      </Stack>
      {error !== undefined && (
        <ErrorNotice error={error} title="Export failed" />
      )}
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={onImported}
        />
      )}
    </section>
  );
}
