import { InfoCard } from '@backstage/core-components';
import { OpenStudioContent } from './OpenStudioContent';

/** The "Open Studio" card, framed for pages and legacy home pages. */
export function OpenStudioCard(props: { title?: string }) {
  return (
    <InfoCard title={props.title ?? 'SageMaker Studio'}>
      <OpenStudioContent />
    </InfoCard>
  );
}
