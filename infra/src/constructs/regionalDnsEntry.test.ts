import {
  pickRegionalDnsEntry,
  regionalDnsHandlerSource,
} from './regionalDnsEntry';

const ID = 'vpce-0123456789abcdef0';
const regional = {
  DnsName: `${ID}-k2j4lr9x.api.sagemaker.us-east-1.vpce.amazonaws.com`,
  HostedZoneId: 'Z7HUB22UULQXV',
};
const zonalA = {
  DnsName: `${ID}-k2j4lr9x-us-east-1a.api.sagemaker.us-east-1.vpce.amazonaws.com`,
  HostedZoneId: 'Z7HUB22UULQXV',
};
const zonalB = {
  DnsName: `${ID}-k2j4lr9x-us-east-1b.api.sagemaker.us-east-1.vpce.amazonaws.com`,
  HostedZoneId: 'Z7HUB22UULQXV',
};
const privateName = {
  DnsName: 'api.sagemaker.us-east-1.amazonaws.com',
  HostedZoneId: 'ZPRIVATE',
};

describe('pickRegionalDnsEntry', () => {
  it.each([
    ['first', [regional, zonalA, zonalB]],
    ['last', [zonalA, zonalB, regional]],
    ['among private DNS names', [privateName, zonalB, regional, zonalA]],
  ])('finds the regional entry when it comes %s', (_, entries) => {
    expect(pickRegionalDnsEntry(ID, entries)).toEqual(regional);
  });

  it('finds the Studio endpoint regional entry', () => {
    const studio = {
      DnsName: `${ID}-abcd1234.studio.us-east-1.sagemaker.aws`,
      HostedZoneId: 'ZSTUDIO',
    };
    const studioZonal = {
      DnsName: `${ID}-abcd1234-us-east-1a.studio.us-east-1.sagemaker.aws`,
      HostedZoneId: 'ZSTUDIO',
    };
    expect(pickRegionalDnsEntry(ID, [studioZonal, studio])).toEqual(studio);
  });

  it('fails when there is no regional entry instead of guessing', () => {
    expect(() =>
      pickRegionalDnsEntry(ID, [zonalA, zonalB, privateName]),
    ).toThrow(`expected one regional DNS entry for ${ID}, found 0`);
  });

  it("ignores another endpoint's entries", () => {
    const other = {
      DnsName:
        'vpce-0fffffffffffffff0-zzzz.api.sagemaker.us-east-1.vpce.amazonaws.com',
      HostedZoneId: 'Z1',
    };
    expect(() => pickRegionalDnsEntry(ID, [other])).toThrow('found 0');
  });

  it('fails on an entry without a hosted zone id', () => {
    expect(() =>
      pickRegionalDnsEntry(ID, [{ DnsName: regional.DnsName }]),
    ).toThrow('found 0');
  });
});

describe('custom resource handler source', () => {
  it('is valid JavaScript that embeds the same picking function', () => {
    const source = regionalDnsHandlerSource();
    // Compile only (no run): the Lambda runtime provides the SDK.
    // eslint-disable-next-line no-new-func
    expect(() => new Function('require', 'exports', source)).not.toThrow();
    expect(source).toContain(
      'const pickRegionalDnsEntry = function pickRegionalDnsEntry(',
    );
    expect(source).toContain("Status: 'SUCCESS'");
    expect(source.length).toBeLessThan(4096); // inline Lambda code limit
  });

  it('answers CloudFormation with the picked entry, and FAILED when there is none', async () => {
    const calls: Array<{ url: string; body: any }> = [];
    const fetchFake = async (url: string, init: { body: string }) => {
      calls.push({ url, body: JSON.parse(init.body) });
    };
    const makeHandler = (entries: unknown[]) => {
      const exports: { handler?: Function } = {};
      const fakeRequire = () => ({
        EC2Client: class {
          async send() {
            return { VpcEndpoints: [{ DnsEntries: entries }] };
          }
        },
        DescribeVpcEndpointsCommand: class {},
      });
      // Runs the generated Lambda source with fakes for the SDK and fetch.
      // eslint-disable-next-line no-new-func
      new Function('require', 'exports', 'fetch', regionalDnsHandlerSource())(
        fakeRequire,
        exports,
        fetchFake,
      );
      return exports.handler!;
    };
    const event = {
      RequestType: 'Create',
      ResourceProperties: { VpcEndpointId: ID },
      ResponseURL: 'https://cloudformation-response.invalid/x',
      StackId: 'stack',
      RequestId: 'req',
      LogicalResourceId: 'Entry',
    };
    await makeHandler([zonalA, regional])(event, { logStreamName: 'log' });
    await makeHandler([zonalA])(event, { logStreamName: 'log' });
    expect(calls[0].body).toMatchObject({
      Status: 'SUCCESS',
      Data: regional,
      PhysicalResourceId: `regional-dns-${ID}`,
    });
    expect(calls[1].body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('found 0'),
    });
  });
});
