import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useEffect, useState } from 'react';

/** A user or group of the catalog, as the picker offers it. */
interface MemberOption {
  ref: string;
  kind: 'User' | 'Group';
  /** Display name, else the entity name. */
  title: string;
}

const SEARCH_DELAY_MS = 250;
const MAX_OPTIONS = 20;

function toOption(entity: Entity): MemberOption {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity),
    kind: entity.kind === 'Group' ? 'Group' : 'User',
    title:
      profile?.displayName ?? entity.metadata.title ?? entity.metadata.name,
  };
}

/**
 * Picks the user or group a membership names, from the catalog: typing
 * searches users and groups by name and display name. A ref can also be
 * typed (a user the catalog does not know yet, e.g. `user:default/jane`);
 * the backend validates it.
 */
export function MemberPicker(props: {
  id: string;
  value: string;
  onChange: (ref: string) => void;
  disabled?: boolean;
  error?: boolean;
  helperText?: string;
}) {
  const { id, value, onChange, disabled, error, helperText } = props;
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState(value);
  const [options, setOptions] = useState<MemberOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [searchFailed, setSearchFailed] = useState(false);

  useEffect(() => {
    if (disabled) return undefined;
    let current = true;
    const term = input.trim();
    const timer = setTimeout(() => {
      setLoading(true);
      catalogApi
        .queryEntities({
          filter: { kind: ['User', 'Group'] },
          ...(term && !term.includes(':')
            ? {
                fullTextFilter: {
                  term,
                  fields: [
                    'metadata.name',
                    'metadata.title',
                    'spec.profile.displayName',
                  ],
                },
              }
            : {}),
          limit: MAX_OPTIONS,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.profile.displayName',
          ],
        })
        .then(
          result => {
            if (!current) return;
            setOptions(result.items.map(toOption));
            setSearchFailed(false);
          },
          () => {
            if (current) setSearchFailed(true);
          },
        )
        .finally(() => {
          if (current) setLoading(false);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [catalogApi, input, disabled]);

  let hint =
    'A user, or a group: every member of the group belongs, each with their own profile';
  if (disabled)
    hint =
      'A saved membership keeps its member: remove it and add another to change it.';
  else if (searchFailed)
    hint = 'The catalog could not be searched; type the entity ref.';

  return (
    <Autocomplete<MemberOption, false, false, true>
      id={id}
      freeSolo
      disabled={disabled}
      options={options}
      loading={loading}
      filterOptions={x => x}
      groupBy={option => (option.kind === 'Group' ? 'Groups' : 'Users')}
      getOptionLabel={option =>
        typeof option === 'string' ? option : option.ref
      }
      renderOption={(optionProps, option) => (
        <li {...optionProps} key={option.ref}>
          {option.title} ({option.ref})
        </li>
      )}
      inputValue={input}
      onInputChange={(_event, next) => {
        setInput(next);
        onChange(next);
      }}
      onChange={(_event, next) => {
        const ref = typeof next === 'string' ? next : next?.ref ?? '';
        setInput(ref);
        onChange(ref);
      }}
      renderInput={params => (
        <TextField
          {...params}
          label="User or group"
          placeholder="Search the catalog, or type user:default/jane"
          required
          error={error}
          helperText={helperText ?? hint}
          // Readable even when the field is not: MUI greys a disabled
          // field's helper text below the contrast axe asks for.
          FormHelperTextProps={{ disabled: false }}
        />
      )}
    />
  );
}
