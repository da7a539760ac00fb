import {
  MAX_CLOCK_SKEW_MS,
  parseAuthorization,
  verifySignature,
  type SignedRequest,
} from './sigv4';

// AWS's published SigV4 test suite, case "get-vanilla".
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0);
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, ' +
  'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

function vanilla(overrides: Partial<SignedRequest> = {}): SignedRequest {
  return {
    method: 'GET',
    url: '/',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: AUTHORIZATION,
    },
    body: Buffer.alloc(0),
    ...overrides,
  };
}

describe('verifySignature', () => {
  const auth = parseAuthorization(AUTHORIZATION)!;

  it("accepts AWS's own test vector", async () => {
    await expect(
      verifySignature(vanilla(), auth, SECRET, SIGNED_AT),
    ).resolves.toEqual({ ok: true });
  });

  it.each([
    ['another secret', vanilla(), 'x'.repeat(40)],
    ['a tampered body', vanilla({ body: Buffer.from('{}') }), SECRET],
    ['another path', vanilla({ url: '/other' }), SECRET],
    ['an added query', vanilla({ url: '/?a=b' }), SECRET],
    ['another method', vanilla({ method: 'POST' }), SECRET],
    [
      'another host',
      vanilla({
        headers: { ...vanilla().headers, host: 'attacker.example.com' },
      }),
      SECRET,
    ],
  ])('refuses %s', async (_case, request, secret) => {
    await expect(
      verifySignature(request, auth, secret, SIGNED_AT),
    ).resolves.toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing date, an unsigned host and a skewed clock', async () => {
    const { 'x-amz-date': _date, ...undated } = vanilla().headers;
    await expect(
      verifySignature(vanilla({ headers: undated }), auth, SECRET, SIGNED_AT),
    ).resolves.toMatchObject({ ok: false, reason: 'missingDate' });
    await expect(
      verifySignature(
        vanilla(),
        { ...auth, signedHeaders: ['x-amz-date'] },
        SECRET,
        SIGNED_AT,
      ),
    ).resolves.toMatchObject({ ok: false, reason: 'badScope' });
    await expect(
      verifySignature(
        vanilla(),
        auth,
        SECRET,
        SIGNED_AT + MAX_CLOCK_SKEW_MS + 1,
      ),
    ).resolves.toMatchObject({ ok: false, reason: 'skewed' });
  });
});
