/**
 * Picks an interface endpoint's regional DNS entry by its name.
 *
 * DescribeVpcEndpoints lists the regional entry
 * (`vpce-<id>-<suffix>.<service>...`), one zonal entry per subnet
 * (`vpce-<id>-<suffix>-<az>.<service>...`) and, with private DNS, the service
 * names; AWS documents no order, so the reference template's `DnsEntries`
 * index 3 can pick a zonal name. The first label tells them apart.
 *
 * Runs inside the custom resource Lambda, so it is plain JavaScript without
 * optional chaining or helpers.
 */
const PICK_REGIONAL_DNS_ENTRY_SOURCE = `function pickRegionalDnsEntry(vpcEndpointId, entries) {
  const matches = [];
  for (const entry of entries) {
    const name = entry.DnsName || '';
    const firstLabel = name.split('.')[0];
    const rest = firstLabel.slice(vpcEndpointId.length + 1);
    if (
      firstLabel.indexOf(vpcEndpointId + '-') === 0 &&
      /^[a-z0-9]+$/.test(rest) &&
      entry.HostedZoneId
    ) {
      matches.push({ DnsName: name, HostedZoneId: entry.HostedZoneId });
    }
  }
  if (matches.length !== 1) {
    throw new Error(
      'expected one regional DNS entry for ' + vpcEndpointId + ', found ' + matches.length,
    );
  }
  return matches[0];
}`;

/**
 * The picker, from the very source the Lambda runs (kept as text so that
 * test coverage instrumentation never ends up in the Lambda's code).
 */
// eslint-disable-next-line no-new-func
export const pickRegionalDnsEntry = new Function(
  `return ${PICK_REGIONAL_DNS_ENTRY_SOURCE};`,
)() as (
  vpcEndpointId: string,
  entries: Array<{ DnsName?: string; HostedZoneId?: string }>,
) => { DnsName: string; HostedZoneId: string };

/** Source of the custom resource handler (CloudFormation response protocol by hand). */
export function regionalDnsHandlerSource(): string {
  return `
const { EC2Client, DescribeVpcEndpointsCommand } = require('@aws-sdk/client-ec2');
const ec2 = new EC2Client({});
const pickRegionalDnsEntry = ${PICK_REGIONAL_DNS_ENTRY_SOURCE};
exports.handler = async (event, context) => {
  const id = event.ResourceProperties.VpcEndpointId;
  const response = {
    Status: 'SUCCESS',
    PhysicalResourceId: 'regional-dns-' + id,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: {},
  };
  try {
    if (event.RequestType !== 'Delete') {
      const out = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
      const endpoint = (out.VpcEndpoints || [])[0] || {};
      response.Data = pickRegionalDnsEntry(id, endpoint.DnsEntries || []);
    }
  } catch (error) {
    response.Status = 'FAILED';
    response.Reason = String((error && error.message) || error) + ' (log stream ' + context.logStreamName + ')';
  }
  await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body: JSON.stringify(response),
  });
};
`;
}
