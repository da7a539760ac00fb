import {
  CreatePresignedDomainUrlCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { AwsStandIn } from './types';
import { withAliceStandIn } from './__testUtils__/testWorld';

const clock = { offsetMs: 0 };
const logLines: string[] = [];
let standIn: AwsStandIn;
let alice: SageMakerClient;
withAliceStandIn(clock, started => ({ standIn, alice } = started), {
  log: line => logLines.push(line),
});

async function presignedUrl(
  input: {
    SpaceName?: string;
    LandingUri?: string;
    ExpiresInSeconds?: number;
  } = {},
) {
  const { AuthorizedUrl } = await alice.send(
    new CreatePresignedDomainUrlCommand({
      DomainId: 'd-aaaaaaaaaaaa',
      UserProfileName: 'alice',
      ...input,
    }),
  );
  return AuthorizedUrl!;
}

/** Follows the redirect like a browser, keeping the session cookie. */
async function open(url: string) {
  const first = await fetch(url, { redirect: 'manual' });
  if (first.status !== 302) return { first, page: undefined };
  const cookie = first.headers.get('set-cookie')!.split(';')[0];
  const page = await fetch(new URL(first.headers.get('location')!, url), {
    headers: { cookie },
  });
  return { first, page, cookie };
}

const testIdText = (html: string, id: string) =>
  new RegExp(`data-testid="${id}">([^<]*)<`).exec(html)?.[1];

describe('the Studio page', () => {
  it('opens once, showing the domain and the user', async () => {
    const url = await presignedUrl();
    const { first, page } = await open(url);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/studio/d-aaaaaaaaaaaa/home');
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(page!.status).toBe(200);
    expect(page!.headers.get('cache-control')).toBe('no-store');
    const html = await page!.text();
    expect(html).toContain('Amazon SageMaker Studio (local stand-in)');
    expect(testIdText(html, 'studio-domain-id')).toBe('d-aaaaaaaaaaaa');
    expect(testIdText(html, 'studio-domain-name')).toBe('lob-a-studio');
    expect(testIdText(html, 'studio-account')).toBe('111111111111');
    expect(testIdText(html, 'studio-region')).toBe('us-east-1');
    expect(testIdText(html, 'studio-user-profile')).toBe('alice');
    expect(testIdText(html, 'studio-space')).toBe('');

    const second = await fetch(url, { redirect: 'manual' });
    expect(second.status).toBe(403);
    expect(await second.text()).toContain('Invalid or Expired Auth Token');
  });

  it('lands in the requested space and keeps the landing URI', async () => {
    const url = await presignedUrl({
      SpaceName: 'alice-lab',
      LandingUri: 'studio::relative/path',
    });
    const { first, page } = await open(url);
    expect(first.headers.get('location')).toBe(
      '/studio/d-aaaaaaaaaaaa/space/alice-lab?landingUri=studio%3A%3Arelative%2Fpath',
    );
    const html = await page!.text();
    expect(testIdText(html, 'studio-space')).toBe('alice-lab');
    expect(html).toContain('studio::relative/path');
  });

  it('honours ExpiresInSeconds', async () => {
    const url = await presignedUrl({ ExpiresInSeconds: 5 });
    clock.offsetMs = 5_001;
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Invalid or Expired Auth Token');

    const fresh = await presignedUrl({ ExpiresInSeconds: 5 });
    clock.offsetMs += 4_000;
    expect((await fetch(fresh, { redirect: 'manual' })).status).toBe(302);
  });

  it('refuses a guessed token and a token for another domain', async () => {
    expect(
      (
        await fetch(
          `${standIn.endpoint}/studio/d-aaaaaaaaaaaa/auth?token=guess`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await fetch(`${standIn.endpoint}/studio/d-aaaaaaaaaaaa/auth`)).status,
    ).toBe(403);
    const url = new URL(await presignedUrl());
    const moved = `${standIn.endpoint}/studio/d-bbbbbbbbbbbb/auth${url.search}`;
    expect((await fetch(moved, { redirect: 'manual' })).status).toBe(403);
  });

  it('refuses the page without a session cookie, or with a cookie for another space', async () => {
    expect(
      (await fetch(`${standIn.endpoint}/studio/d-aaaaaaaaaaaa/home`)).status,
    ).toBe(403);
    const { cookie } = await open(await presignedUrl());
    const other = await fetch(
      `${standIn.endpoint}/studio/d-aaaaaaaaaaaa/space/alice-lab`,
      { headers: { cookie: cookie! } },
    );
    expect(other.status).toBe(403);
  });

  it('never logs the token', async () => {
    const url = await presignedUrl();
    await open(url);
    const token = new URL(url).searchParams.get('token')!;
    expect(
      logLines.some(line => line.includes('/studio/d-aaaaaaaaaaaa/auth')),
    ).toBe(true);
    expect(logLines.join('\n')).not.toContain(token);
  });
});
