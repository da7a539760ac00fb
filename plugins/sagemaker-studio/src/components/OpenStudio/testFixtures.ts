import { ResponseError } from '@backstage/errors';
import { Membership, SageMakerStudioApi } from '../../api';

export const riskLob: Membership = {
  lobId: 'risk',
  displayName: 'Risk Analytics',
  accountId: '111122223333',
  region: 'eu-west-1',
  domainId: 'd-risk123',
  userProfileName: 'jane-doe',
};

export const marketingLob: Membership = {
  lobId: 'marketing',
  displayName: 'Marketing Science',
  accountId: '444455556666',
  region: 'us-east-1',
  domainId: 'd-mkt456',
  userProfileName: 'jane-d',
};

export const PRESIGNED_URL =
  'https://d-risk123.studio.eu-west-1.sagemaker.aws/auth?token=very-secret';

/**
 * An in-memory API whose methods are jest mocks; `overrides` replace the
 * default behaviour of single methods (one LOB, no spaces, launch succeeds).
 */
export function fakeApi(
  overrides: Partial<SageMakerStudioApi> = {},
): jest.Mocked<SageMakerStudioApi> {
  const impl: SageMakerStudioApi = {
    getMe: async () => ({
      userEntityRef: 'user:default/jane',
      memberships: [riskLob],
    }),
    launch: async () => ({
      url: PRESIGNED_URL,
      expiresAt: '2026-01-01T00:05:00.000Z',
    }),
    listSpaces: async () => ({ spaces: [] }),
    getLaunchLink: async ({ lobId }) =>
      `/api/sagemaker-studio/launch?lobId=${lobId}`,
    getProfileStatus: async lobId => ({
      lobId: lobId ?? 'risk',
      userProfileName: 'jane-doe',
      state: 'ready',
    }),
    ...overrides,
  };
  return {
    getMe: jest.fn(impl.getMe),
    launch: jest.fn(impl.launch),
    listSpaces: jest.fn(impl.listSpaces),
    getLaunchLink: jest.fn(impl.getLaunchLink),
    getProfileStatus: jest.fn(impl.getProfileStatus),
  };
}

/** The error the client throws for a Backstage error response. */
export function responseError(
  status: number,
  name: string,
  message: string,
  correlationId = 'corr-42',
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: {
          'Content-Type': 'application/json',
          'X-Correlation-Id': correlationId,
        },
      },
    ),
  );
}

/** A mocked API call that fails as the backend answers (`responseError`). */
export function failingWith(...error: Parameters<typeof responseError>) {
  return jest.fn(async () => {
    throw await responseError(...error);
  });
}

/**
 * A stand-in for the tab `window.open` returns, with a real (blank)
 * document of its own, as about:blank has, for the card to draw into.
 */
export function fakeTab() {
  // A frame's document has a window, which role queries need.
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  return {
    opener: {} as unknown,
    document: frame.contentDocument!,
    location: { replace: jest.fn() },
    close: jest.fn(),
  };
}

/** A promise the test settles by hand, to observe in-between states. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
