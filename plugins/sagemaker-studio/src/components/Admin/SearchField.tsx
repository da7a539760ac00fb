import TextField from '@mui/material/TextField';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

/** Typing pauses this long before the server is asked. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * A search box whose text goes to the server once typing pauses (Enter
 * searches at once). The text is trimmed and bounded as the backend wants.
 */
export function SearchField(props: {
  id: string;
  label: string;
  helperText?: string;
  placeholder?: string;
  maxLength: number;
  onSearch: (text: string) => void;
}) {
  const { id, label, helperText, placeholder, maxLength, onSearch } = props;
  const [text, setText] = useState('');
  useDebounce(() => onSearch(text.trim()), SEARCH_DEBOUNCE_MS, [text]);
  return (
    <TextField
      id={id}
      type="search"
      label={label}
      helperText={helperText}
      placeholder={placeholder}
      value={text}
      onChange={e => setText(e.target.value.slice(0, maxLength))}
      onKeyDown={e => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onSearch(text.trim());
        }
      }}
      inputProps={{ maxLength }}
      size="small"
      sx={{ mb: 1, width: '100%', maxWidth: 420 }}
    />
  );
}
