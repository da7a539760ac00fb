/** The plugin's base URL in the client tests. */
export const BASE_URL = 'http://127.0.0.1:7007/api/sagemaker-studio';

export type Call = { url: string; init?: RequestInit };

/**
 * A fetchApi and discoveryApi that answer each request with `respond` and
 * record it: what an API client is constructed with in its unit tests.
 */
function fakeBackend(respond: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchApi = {
    fetch: jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = { url: String(input), init };
      calls.push(call);
      return respond(call);
    }),
  };
  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE_URL) };
  return { calls, fetchApi, discoveryApi };
}

/**
 * An API client (`SageMakerStudioClient`, `SageMakerStudioAdminClient`) on
 * a fake backend that answers with `respond`: the client, the calls it
 * made and its discoveryApi.
 */
export function clientOn<C>(
  Client: new (apis: Omit<ReturnType<typeof fakeBackend>, 'calls'>) => C,
  respond: (call: Call) => Response,
) {
  const { calls, ...apis } = fakeBackend(respond);
  return { client: new Client(apis), calls, discoveryApi: apis.discoveryApi };
}

/** A JSON response, as the backend sends it. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A Backstage error response (`{ error, response }`), as the backend sends it. */
export function errorJson(
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return json(
    { error: { name, message, ...extra }, response: { statusCode: status } },
    status,
    headers,
  );
}
