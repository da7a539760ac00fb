import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Every stand-in listens here only. */
export const LOOPBACK = '127.0.0.1';

/** An error answered in the calling service's wire format. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = code;
  }

  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new BodyTooLargeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, {
    ...reply.headers,
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(reply.body)),
  });
  res.end(reply.body);
}

/** Resolves after `ms`, or early when the signal aborts (client gone, server closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);
}

export const escapeHtml = escapeXml;

export function isLoopback(address: string | undefined): boolean {
  return (
    address === '127.0.0.1' ||
    address === '::1' ||
    address === '::ffff:127.0.0.1'
  );
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Stops listening and drops open connections; the same promise every time. */
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 (`port` 0 picks a free one). A request whose
 * handler fails gets a plain 413 (body too large) or 500, and `onError` is
 * told why.
 */
export async function listenOnLoopback(
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onError: (reason: string) => void = () => {},
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      const tooLarge = error instanceof BodyTooLargeError;
      onError(tooLarge ? 'body too large' : (error as Error)?.message);
      send(res, {
        status: tooLarge ? 413 : 500,
        headers: { 'content-type': 'text/plain' },
        body: tooLarge ? 'Request Entity Too Large' : 'Internal Server Error',
      });
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`,
    close() {
      closed ??= new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
