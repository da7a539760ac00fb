/* The synthesized IAM policies, made ready for the IAM simulator. */

type Json = any;

/** The example config's shared-services account and region. */
export const SHARED = '999999999999';
export const REGION = 'us-east-1';
/** A session of the portal's task role, as the backend calls AWS with it. */
export const TASK_SESSION = `arn:aws:sts::${SHARED}:assumed-role/studio-portal-backstage-task/a1b2c3d4e5f6`;

/**
 * Replaces CloudFormation intrinsics with example values: the pseudo
 * parameters (partition aws), what `ref` and `getAtt` answer, and Fn::Join
 * of the resolved parts. What they do not answer is an error: the policies
 * must not depend on values the scenarios do not model.
 */
export function exampleValueResolver(examples: {
  region: string;
  account: string;
  /** @default - every string as it is */
  string?: (value: string) => string;
  /** @default - no Ref but the pseudo parameters */
  ref?: (name: string) => string | undefined;
  getAtt: (id: string, attribute: string) => string | undefined;
}): (value: Json) => Json {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': examples.region,
    'AWS::AccountId': examples.account,
  };
  const resolve = (value: Json): Json => {
    if (typeof value === 'string') {
      return examples.string ? examples.string(value) : value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (!value || typeof value !== 'object') return value;
    if ('Ref' in value) {
      const ref = value.Ref as string;
      const example = pseudo[ref] ?? examples.ref?.(ref);
      if (example !== undefined) return example;
      throw new Error(`no example value for Ref ${ref}`);
    }
    if ('Fn::GetAtt' in value) {
      const [id, attribute] = value['Fn::GetAtt'];
      const example = examples.getAtt(id, attribute);
      if (example !== undefined) return example;
      throw new Error(`no example value for GetAtt ${id}.${attribute}`);
    }
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'];
      return (resolve(parts) as string[]).join(separator);
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolve(v)]),
    );
  };
  return resolve;
}

/** The AWS::IAM::Policy resources of the portal's task role in the shared access template. */
export function portalTaskRolePolicies(accessTemplate: Json): Json[] {
  return Object.values(accessTemplate.Resources as Record<string, Json>).filter(
    r =>
      r.Type === 'AWS::IAM::Policy' &&
      JSON.stringify(r.Properties.Roles).includes('PortalTaskRole'),
  );
}
