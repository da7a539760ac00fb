import { processCpuMs, runChild, serveParent } from './childProcess';
import { startBenchEnvironment, type Latencies } from './world';

/*
 * Child process of the bench: DynamoDB Local's proxy and the STS/SageMaker
 * stand-in run here, so that their CPU (SigV4 checks, XML, latency timers)
 * is not charged to the flow under test. The parent drives it over IPC:
 * stats, reset, latency, cpu, stop.
 */
runChild(async () => {
  const userCount = Number(process.argv[2] ?? 20);
  const env = await startBenchEnvironment(userCount);
  serveParent(
    { dynamoDb: env.dynamoDb.endpoint, aws: env.aws.endpoint },
    {
      cpu: processCpuMs,
      stats: () => ({ aws: env.aws.stats(), dynamoDb: env.dynamoDb.stats() }),
      reset: () => {
        env.aws.resetStats();
        env.dynamoDb.resetStats();
      },
      latency: ({ latency }: { latency: Latencies }) => {
        env.dynamoDb.setLatency(latency.dynamoDb);
        env.aws.setLatency({ sts: latency.sts, sagemaker: latency.sagemaker });
      },
    },
    () => env.stop(),
  );
});
