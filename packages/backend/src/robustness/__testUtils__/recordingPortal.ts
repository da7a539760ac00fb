import type { Server } from 'node:http';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { LocalEnvironment } from '../../localMode/localEnvironment';
import { studioConfigFor } from '../../integration/localWorld';
import { portalFeatures } from '../../integration/__testUtils__/portal';

/** Every line any logger of a backend wrote (audit events included), as JSON. */
export class LogRecorder {
  readonly lines: string[] = [];

  rootLogger(): RootLoggerService {
    return this.logger({});
  }

  /** All lines as one text, for "contains no secret" checks. */
  text(): string {
    return this.lines.join('\n');
  }

  private logger(fields: Record<string, unknown>): LoggerService {
    const write = (level: string) => (message: string, meta?: unknown) => {
      this.lines.push(
        JSON.stringify({ level, message, ...fields, ...toPlain(meta) }),
      );
    };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: meta => this.logger({ ...fields, ...meta }),
    };
  }
}

/** Errors become their name, message and stack, so that nothing they hold escapes the check. */
function toPlain(meta: unknown): Record<string, unknown> {
  if (meta instanceof Error)
    return {
      error: { name: meta.name, message: meta.message, stack: meta.stack },
    };
  if (!meta || typeof meta !== 'object')
    return meta === undefined ? {} : { meta };
  return JSON.parse(
    JSON.stringify(meta, (_key, value) =>
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value,
    ),
  );
}

export interface RecordingPortalOptions {
  /** Merged into sagemakerStudio config. */
  studio?: Record<string, any>;
  /** `backend.cache` config; when set, Backstage's real cache service uses it (e.g. Redis). */
  cache?: Record<string, any>;
  logs?: LogRecorder;
}

export interface RecordingPortal {
  server: Server;
  logs: LogRecorder;
  stop(): Promise<void>;
}

/**
 * Like integration/__testUtils__/portal.ts's startPortal (its portalFeatures),
 * plus a root logger that records every line, and optionally a shared cache.
 */
export async function startRecordingPortal(
  env: LocalEnvironment,
  options: RecordingPortalOptions = {},
): Promise<RecordingPortal> {
  const logs = options.logs ?? new LogRecorder();
  const rootLogger = createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logs.rootLogger(),
  });
  const data: Record<string, any> = studioConfigFor(env, options.studio ?? {});
  if (options.cache) data.backend = { cache: options.cache };
  const backend = await startTestBackend({
    features: [
      ...portalFeatures(data),
      rootLogger,
      ...(options.cache ? [cacheServiceFactory] : []),
    ],
  });
  return { server: backend.server, logs, stop: () => backend.stop() };
}
