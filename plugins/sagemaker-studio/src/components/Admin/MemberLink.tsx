import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** A full entity ref (kind:namespace/name), or undefined. */
function asEntityRef(value: string) {
  if (!/^[^:/]+:[^:/]+\/[^:/]+$/.test(value)) return undefined;
  try {
    return parseEntityRef(value);
  } catch {
    return undefined;
  }
}

/**
 * A user or group ref as a link to its catalog page, named as the catalog
 * names it (display name when known; the full ref in the tooltip). Anything
 * else (e.g. `seed`, who wrote the seed data) stays plain text.
 */
export function MemberLink(props: { entityRef: string }) {
  const ref = asEntityRef(props.entityRef);
  if (!ref) return <>{props.entityRef}</>;
  return <EntityRefLink entityRef={ref} defaultKind="user" />;
}
