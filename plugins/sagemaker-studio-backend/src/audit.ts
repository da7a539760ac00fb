import type { Request } from 'express';
import type {
  AuditorService,
  AuditorServiceEvent,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';

/** What an audit event's metadata may hold: JSON. */
export type AuditMeta = NonNullable<
  Parameters<AuditorService['createEvent']>[0]['meta']
>;

/**
 * One audited operation, from its start to its outcome: the event is
 * created before the work, what becomes known while it runs is noted on it,
 * and it ends as a success or a failure with the error. Never put a
 * presigned URL, token or credential in its metadata.
 */
export class AuditSession {
  private constructor(
    private readonly event: AuditorServiceEvent,
    /** The metadata the event was created with; notes extend it. */
    private readonly meta: AuditMeta,
  ) {}

  static async start(
    auditor: AuditorService,
    options: {
      eventId: string;
      severityLevel: AuditorServiceEventSeverityLevel;
      request?: Request;
      meta: AuditMeta;
    },
  ): Promise<AuditSession> {
    const event = await auditor.createEvent(options);
    return new AuditSession(event, options.meta);
  }

  /** Adds what became known during the work (e.g. the resolved target) to both outcomes. */
  note(fields: AuditMeta): void {
    Object.assign(this.meta, fields);
  }

  async succeeded(fields: AuditMeta = {}): Promise<void> {
    await this.event.success({ meta: { ...this.meta, ...fields } });
  }

  async failed(error: unknown, fields: AuditMeta = {}): Promise<void> {
    await this.event.fail({
      meta: { ...this.meta, ...fields },
      error: error as Error,
    });
  }

  /**
   * Runs the work as this session: a success with `onSuccess(result)`'s
   * fields, or a failure with `onFailure()`'s and the error, rethrown.
   */
  async run<T>(
    work: () => Promise<T>,
    fields: {
      onSuccess?: (result: T) => AuditMeta;
      onFailure?: () => AuditMeta;
    } = {},
  ): Promise<T> {
    try {
      const result = await work();
      await this.succeeded(fields.onSuccess?.(result));
      return result;
    } catch (error) {
      await this.failed(error, fields.onFailure?.());
      throw error;
    }
  }
}

/** Audit metadata must be JSON: undefined becomes null, dates strings. */
export function auditJson(value: unknown): AuditMeta[string] {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
