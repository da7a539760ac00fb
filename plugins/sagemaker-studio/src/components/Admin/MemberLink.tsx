import { EntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * A user or group ref as a link to its catalog page, named as the catalog
 * names it (display name when known; the full ref in the tooltip).
 */
export function MemberLink(props: { entityRef: string }) {
  return <EntityRefLink entityRef={props.entityRef} defaultKind="user" />;
}
