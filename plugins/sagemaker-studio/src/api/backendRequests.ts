import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

const PLUGIN_ID = 'sagemaker-studio';

/**
 * What the plugin's API clients need from the app: where the backend is and
 * Backstage's authenticated fetch.
 *
 * @public
 */
export type SageMakerStudioClientOptions = {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
};

/**
 * Requests to the sagemaker-studio backend, shared by both clients: a
 * failure rejects with a `ResponseError`, which keeps the backend's error
 * body and the response (its X-Correlation-Id header is the id to quote).
 */
export class BackendRequests {
  constructor(private readonly options: SageMakerStudioClientOptions) {}

  /** The absolute URL of a path below the plugin's base URL. */
  async url(path: string): Promise<string> {
    return `${await this.options.discoveryApi.getBaseUrl(PLUGIN_ID)}${path}`;
  }

  async fetch(path: string, init?: RequestInit): Promise<Response> {
    const response = await this.options.fetchApi.fetch(
      await this.url(path),
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }
}

/** A JSON request body with its method. */
export function sendJson(method: 'POST' | 'PUT', body: unknown): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/**
 * The set values as strings: unset and empty ones are left out, so the
 * backend sees "absent", not "empty".
 */
export function setValues(
  values: Record<string, string | number | boolean | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') result[key] = String(value);
  }
  return result;
}

/** A query string of the set values (`?a=1&b=x`), or '' when there are none. */
export function queryString(
  values: Record<string, string | number | boolean | undefined>,
): string {
  const text = new URLSearchParams(setValues(values)).toString();
  return text ? `?${text}` : '';
}
