import { Agent, request } from 'node:http';

/** A plain keep-alive HTTP client: less overhead of its own than supertest. */
export class KeepAliveClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1024 });

  constructor(private readonly baseUrl: string) {}

  post(
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<{ status: number; body: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolvePromise, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolvePromise({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
