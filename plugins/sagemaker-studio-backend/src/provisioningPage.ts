import type { ProfileStatus } from '@studio-portal/plugin-sagemaker-studio-common';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/**
 * What a plain link to GET /launch shows while the user's Studio profile is
 * being created: a page that loads itself again every few seconds (a
 * same-origin navigation, which the cookie check allows) until the launch
 * answers with the redirect to Studio. No script, so no CSP exception.
 */
export function provisioningPage(
  status: ProfileStatus,
  refreshSeconds: number,
): string {
  const progress = [
    status.awsStatus && `SageMaker reports it ${status.awsStatus}`,
    status.elapsedSeconds !== undefined && `${status.elapsedSeconds} s so far`,
  ]
    .filter(Boolean)
    .join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${refreshSeconds}">
<title>Creating your SageMaker Studio profile</title>
</head>
<body>
<main>
<h1>Creating your Studio profile — first launch only</h1>
<p role="status">SageMaker is creating your user profile ${escapeHtml(
    status.userProfileName,
  )} in line of business ${escapeHtml(status.lobId)}${
    progress ? ` (${escapeHtml(progress)})` : ''
  }. This page opens Studio as soon as it is ready.</p>
</main>
</body>
</html>
`;
}
