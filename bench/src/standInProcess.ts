import { startBenchEnvironment, type Latencies } from './world';

/*
 * Child process of the bench: DynamoDB Local's proxy and the STS/SageMaker
 * stand-in run here, so that their CPU (SigV4 checks, XML, latency timers)
 * is not charged to the portal backend's event loop. The parent drives it
 * over IPC: stats, reset, latency, stop.
 */

type Request = {
  id: number;
  op: 'stats' | 'reset' | 'latency' | 'stop';
  latency?: Latencies;
};

async function main() {
  const userCount = Number(process.argv[2] ?? 20);
  const env = await startBenchEnvironment(userCount);
  const reply = (id: number, value?: unknown) => process.send!({ id, value });
  process.on('message', async (request: Request) => {
    switch (request.op) {
      case 'stats':
        return reply(request.id, {
          aws: env.aws.stats(),
          dynamoDb: env.dynamoDb.stats(),
        });
      case 'reset':
        env.aws.resetStats();
        env.dynamoDb.resetStats();
        return reply(request.id);
      case 'latency':
        env.dynamoDb.setLatency(request.latency!.dynamoDb);
        env.aws.setLatency({
          sts: request.latency!.sts,
          sagemaker: request.latency!.sagemaker,
        });
        return reply(request.id);
      case 'stop':
        await env.stop();
        reply(request.id);
        return process.disconnect?.();
      default:
        return reply(request.id, {
          error: `unknown op ${(request as Request).op}`,
        });
    }
  });
  process.send!({
    ready: { dynamoDb: env.dynamoDb.endpoint, aws: env.aws.endpoint },
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
