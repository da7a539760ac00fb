import { testConfig } from '../__testUtils__/fixtures';
import { AwsClients } from './AwsClients';

describe('AwsClients.withCallTimeout', () => {
  const clients = (callTimeoutMs: number) => {
    const config = testConfig();
    return new AwsClients({ ...config, aws: { ...config.aws, callTimeoutMs } });
  };

  it('aborts a call that outlives aws.callTimeoutMs with a TimeoutError', async () => {
    let reason: unknown;
    const started = Date.now();
    await expect(
      clients(50).withCallTimeout(
        signal =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              reason = signal.reason;
              reject(signal.reason);
            }),
          ),
      ),
    ).rejects.toThrow('timed out');
    expect((reason as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('ends its timer with the call, so a finished call is never aborted later', async () => {
    let signal: AbortSignal | undefined;
    const answer = await clients(30).withCallTimeout(async s => {
      signal = s;
      return 'done';
    });
    expect(answer).toBe('done');
    await new Promise(r => setTimeout(r, 60));
    expect(signal!.aborted).toBe(false);
  });

  it('passes the call its own failure', async () => {
    await expect(
      clients(1000).withCallTimeout(async () => {
        throw new Error('AccessDenied');
      }),
    ).rejects.toThrow('AccessDenied');
  });
});
