import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { ChangeEvent, useRef, useState } from 'react';
import {
  ExportFormat,
  ImportDryRunResult,
  ImportResult,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { importRowErrorsOf } from '../../api/responseErrors';
import { ErrorNotice } from './ErrorNotice';
import { ImportPreview } from './ImportPreview';

/** FileReader rather than Blob.text(): older browsers and jsdom lack the latter. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

type Outcome =
  | { kind: 'dry-run'; result: ImportDryRunResult }
  | { kind: 'imported'; result: ImportResult };

function counts(c: { created: number; updated: number; unchanged: number }) {
  return `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
}

/**
 * Imports a CSV or YAML export, pasted or uploaded. A dry run validates
 * without writing; a refused import lists every bad row.
 */
export function ImportDialog(props: {
  onClose: () => void;
  onImported: (result: ImportResult) => void;
}) {
  const { onClose, onImported } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const rows = importRowErrorsOf(error);
  const fileInput = useRef<HTMLInputElement>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    // Choosing the same file again (after editing it) reads it again.
    input.value = '';
    setFileName(file.name);
    if (/\.ya?ml$/i.test(file.name)) setFormat('yaml');
    if (/\.csv$/i.test(file.name)) setFormat('csv');
    setContent(await readText(file));
    setOutcome(undefined);
    setError(undefined);
  };

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    try {
      const request = { format, content };
      if (dryRun) {
        setOutcome({
          kind: 'dry-run',
          result: await api.dryRunImport(request),
        });
      } else {
        const result = await api.importMappings(request);
        setOutcome({ kind: 'imported', result });
        onImported(result);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="import-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="import-title">Import mappings</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Paste or upload a CSV or YAML file in the format of the export.
          Nothing is written unless every row is valid; check it first with a
          dry run.
        </DialogContentText>
        <Stack spacing={2} sx={{ mt: 2 }}>
          <Stack direction="row" spacing={2} alignItems="center">
            <TextField
              select
              id="import-format"
              label="Format"
              value={format}
              onChange={e => setFormat(e.target.value as ExportFormat)}
              size="small"
              sx={{ minWidth: 120 }}
            >
              <MenuItem value="csv">CSV</MenuItem>
              <MenuItem value="yaml">YAML</MenuItem>
            </TextField>
            {/* A real button opens the hidden file input: a label styled as a
                button had a role a label may not have (axe aria-allowed-role). */}
            <Button
              variant="outlined"
              onClick={() => fileInput.current?.click()}
            >
              Upload a file
            </Button>
            <input
              ref={fileInput}
              hidden
              type="file"
              accept=".csv,.yaml,.yml,text/csv,application/yaml"
              aria-label="File to import"
              onChange={upload}
            />
            {fileName && <span>{fileName}</span>}
          </Stack>
          <TextField
            id="import-content"
            label="Content"
            multiline
            minRows={8}
            maxRows={20}
            value={content}
            onChange={e => {
              setContent(e.target.value);
              setOutcome(undefined);
            }}
            inputProps={{
              spellCheck: false,
              style: { fontFamily: 'monospace' },
            }}
          />
          {error !== undefined && (
            <ErrorNotice error={error} title="Not imported">
              {rows.length > 0 && (
                <ul aria-label="Bad rows">
                  {rows.map(row => (
                    <li key={`${row.kind}-${row.row}-${row.message}`}>
                      Row {row.row} ({row.kind}): {row.message}
                    </li>
                  ))}
                </ul>
              )}
            </ErrorNotice>
          )}
          {outcome?.kind === 'dry-run' && (
            <ImportPreview result={outcome.result} />
          )}
          {outcome?.kind === 'imported' && (
            <Alert severity="success" role="status">
              <AlertTitle>Imported</AlertTitle>
              Lines of business: {counts(outcome.result.lobs)}. Memberships:{' '}
              {counts(outcome.result.memberships)}.
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button onClick={() => run(true)} disabled={busy || !content.trim()}>
          Dry run
        </Button>
        <Button
          variant="contained"
          onClick={() => run(false)}
          disabled={busy || !content.trim()}
        >
          Import
        </Button>
      </DialogActions>
    </Dialog>
  );
}
