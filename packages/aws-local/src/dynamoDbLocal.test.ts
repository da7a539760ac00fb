import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamoDbLocal';
import {
  startDynamoDbLocalWithClients,
  type DynamoDbLocalWithClients,
} from './dynamoDbLocalClients';

jest.setTimeout(90_000);

let local: DynamoDbLocalWithClients;
let ddb: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  local = await startDynamoDbLocalWithClients({ client: { maxAttempts: 1 } });
  ({ dynamoDb: ddb, client } = local);
});

afterAll(() => local?.stop());

beforeEach(() => {
  ddb.clearFaults();
  ddb.resetStats();
  ddb.setLatency(0);
});

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

/** Local addresses of listening TCP sockets on a port, from the kernel's tables. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap(file =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map(line => line.trim().split(/\s+/))
      .filter(cols => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map(cols => cols[1].split(':')[0]),
  );
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('DynamoDB Local', () => {
  it('stores and reads items through the proxy, counting operations', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'things',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: 'things',
        Item: { id: { S: 'a' }, n: { N: '1' } },
      }),
    );
    const out = await client.send(
      new GetItemCommand({ TableName: 'things', Key: { id: { S: 'a' } } }),
    );
    expect(out.Item).toEqual({ id: { S: 'a' }, n: { N: '1' } });
    expect(ddb.stats()).toEqual({
      CreateTable: 1,
      PutItem: 1,
      GetItem: 1,
      total: 3,
    });
  });

  it('listens on 127.0.0.1 only, both the proxy and DynamoDB Local', async () => {
    // IPv4 127.0.0.1 is 0100007F; as IPv4-mapped IPv6 it ends in FFFF00000100007F.
    const loopback = /^(0100007F|0000000000000000FFFF00000100007F)$/;
    for (const endpoint of [ddb.endpoint, ddb.directEndpoint]) {
      const addresses = listeningAddresses(portOf(endpoint));
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(address).toMatch(loopback);
    }
    // Reaching the ports through the machine's other addresses must fail.
    const externalAddresses = Object.values(networkInterfaces())
      .flat()
      .filter(nic => nic && !nic.internal && nic.family === 'IPv4')
      .map(nic => nic!.address);
    const reachable = await Promise.all(
      externalAddresses.flatMap(host =>
        [ddb.endpoint, ddb.directEndpoint].map(e =>
          canConnect(host, portOf(e)),
        ),
      ),
    );
    expect(reachable.filter(Boolean)).toEqual([]);
  });

  it('throttles with ProvisionedThroughputExceededException, honouring times', async () => {
    ddb.injectFault({ kind: 'throttle', times: 1 });
    const error = await client.send(new ListTablesCommand({})).catch(e => e);
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    await expect(client.send(new ListTablesCommand({}))).resolves.toBeDefined();
    expect(ddb.stats().ListTables).toBe(2);
  });

  it('answers 503 or drops the connection when unavailable', async () => {
    ddb.injectFault({ kind: 'unavailable', times: 1 });
    const unavailable = await client
      .send(new ListTablesCommand({}))
      .catch(e => e);
    expect(unavailable.$metadata.httpStatusCode).toBe(503);
    ddb.injectFault({
      kind: 'unavailable',
      dropConnection: true,
      operation: 'ListTables',
    });
    const dropped = await client.send(new ListTablesCommand({})).catch(e => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined();
    ddb.clearFaults();
    await expect(client.send(new ListTablesCommand({}))).resolves.toBeDefined();
  });

  it('adds latency', async () => {
    ddb.setLatency(200);
    const started = Date.now();
    await client.send(new ListTablesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(() => ddb.setLatency(-5)).toThrow(/latency/);
  });

  it('frees both ports on stop', async () => {
    const other = await startDynamoDbLocal();
    const ports = [portOf(other.endpoint), portOf(other.directEndpoint)];
    expect(await canConnect('127.0.0.1', ports[1])).toBe(true);
    await other.stop();
    for (const port of ports) {
      expect(await canConnect('127.0.0.1', port)).toBe(false);
      expect(listeningAddresses(port)).toEqual([]);
    }
  });
});
