import { InfoCard } from '@backstage/core-components';

/**
 * Frames the home page widget: the card fills its grid cell and its body
 * scrolls (the grid sets `overflow: auto` on card bodies), so that a long
 * explanation or correlation id is never cut off by the card's height.
 */
export function OpenStudioWidgetRenderer(props: {
  title?: string;
  Content: () => JSX.Element;
}) {
  const { title, Content } = props;
  return (
    <InfoCard title={title} variant="fullHeight">
      <Content />
    </InfoCard>
  );
}
