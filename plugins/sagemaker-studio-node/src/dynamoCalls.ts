import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, InputError } from '@backstage/errors';

/**
 * Runs one call with an abort signal that bounds it (the backend plugin's
 * AwsClients.withCallTimeout).
 *
 * @public
 */
export type BoundCall = <T>(
  call: (abortSignal?: AbortSignal) => Promise<T>,
) => Promise<T>;

/**
 * The one method of the document client the mapping code uses, so tests can
 * pass a fake.
 *
 * @public
 */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * What a call of the mapping tables was doing when it failed: reading or
 * writing (a write's outcome may be unknown).
 *
 * @public
 */
export interface DynamoCallFailure {
  step: 'mappings' | 'mapping-write';
  /** The bound of the call (DynamoCallOptions.timeoutMs), for messages. */
  timeoutMs: number;
}

/** @public */
export interface DynamoCallOptions {
  /** Bounds each call, SDK retries included; unbounded by default. */
  withCallTimeout?: BoundCall;
  /** The bound, for messages. */
  timeoutMs?: number;
  /**
   * Words a failure that is neither a failed condition, a refused cursor nor
   * a transaction conflict (a timeout, throttling, AWS unreachable) for the
   * caller. The backend plugin passes its AWS error mapping, so these become
   * the documented statuses (504, 503); without it the SDK's error is thrown
   * as it is (the seed and local-mode CLIs).
   */
  mapError?: (error: unknown, failure: DynamoCallFailure) => unknown;
}

/**
 * A failed condition (plain or in a transaction): the caller words it.
 *
 * @public
 */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as Error)?.name;
  return (
    name === 'ConditionalCheckFailedException' ||
    name === 'TransactionCanceledException'
  );
}

/**
 * DynamoDB calls of the mapping tables: each bounded by aws.callTimeoutMs,
 * and every failure that is not a failed condition worded by
 * `options.mapError` (the backend plugin's: 504 timeout, 503 unreachable or
 * throttled; writes say that their outcome may be unknown).
 *
 * @public
 */
export class DynamoCalls {
  private readonly bound: BoundCall;
  private readonly timeoutMs: number;
  private readonly mapError: NonNullable<DynamoCallOptions['mapError']>;

  constructor(
    readonly client: DocumentSender,
    options: DynamoCallOptions = {},
  ) {
    this.bound = options.withCallTimeout ?? (call => call(undefined));
    this.timeoutMs = options.timeoutMs ?? 0;
    this.mapError = options.mapError ?? (error => error);
  }

  async read<T>(command: object): Promise<T> {
    try {
      return (await this.bound(abortSignal =>
        this.client.send(command as any, { abortSignal }),
      )) as T;
    } catch (error) {
      throw this.mapped(error, 'mappings');
    }
  }

  /**
   * Every page of a Query or Scan, each read as `read` reads (bounded,
   * errors mapped). Not the SDK's paginators: they accept only a real
   * client instance and one abort signal for all pages.
   */
  async *readPages<Item = Record<string, any>>(
    commandFor: (exclusiveStartKey?: Record<string, unknown>) => object,
  ): AsyncGenerator<Item[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.read<{
        Items?: Item[];
        LastEvaluatedKey?: Record<string, unknown>;
      }>(commandFor(startKey));
      yield page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** Every item of a Query or Scan, all its pages read (see readPages). */
  async readAll<Item = Record<string, any>>(
    commandFor: (exclusiveStartKey?: Record<string, unknown>) => object,
  ): Promise<Item[]> {
    const all: Item[] = [];
    for await (const items of this.readPages<Item>(commandFor)) {
      all.push(...items);
    }
    return all;
  }

  /** A write; failed conditions come back as they are, for the caller to word. */
  async write<T>(command: object): Promise<T> {
    try {
      return (await this.bound(abortSignal =>
        this.client.send(command as any, { abortSignal }),
      )) as T;
    } catch (error) {
      if (isConditionFailure(error) && !isTransactionConflict(error))
        throw error;
      throw this.mapped(error, 'mapping-write');
    }
  }

  private mapped(error: unknown, step: DynamoCallFailure['step']): unknown {
    const name = (error as Error)?.name;
    // A cursor of another query (or a forged one) that DynamoDB refuses.
    if (
      name === 'ValidationException' &&
      /start(ing)? ?key|ExclusiveStartKey/i.test(
        String((error as Error).message),
      )
    ) {
      return new InputError(
        'Invalid request: cursor is not one this API returned for this query',
      );
    }
    if (isTransactionConflict(error)) {
      return new ConflictError(
        'Another change to the same mappings was being saved at the same moment; nothing was saved. Reload and try again.',
      );
    }
    return this.mapError(error, { step, timeoutMs: this.timeoutMs });
  }
}

function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] })
    ?.CancellationReasons;
  return (
    (error as Error)?.name === 'TransactionConflictException' ||
    (Array.isArray(reasons) &&
      reasons.some(r => r?.Code === 'TransactionConflict') &&
      !reasons.some(r => r?.Code === 'ConditionalCheckFailed'))
  );
}
