import { AwsError, type Reply } from './http';

/** AWS's JSON 1.1 protocol, spoken by SageMaker and Cognito user pools. */
const JSON_TYPE = 'application/x-amz-json-1.1';

/** The request body as an object; anything else is AWS's SerializationException. */
export function parseJsonInput(body: Buffer): Record<string, unknown> {
  try {
    const input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      return input;
    }
  } catch {
    // falls through
  }
  throw new AwsError(
    'SerializationException',
    'Start of structure or map found where not expected.',
  );
}

/** The stand-in's handler of `action`, or AWS's answer to an unknown one. */
export function jsonOperation<T>(
  operations: Record<string, T>,
  action: string,
): T {
  // Own keys only: `toString` or `constructor` is no operation of ours.
  const operation = Object.hasOwn(operations, action)
    ? operations[action]
    : undefined;
  if (!operation) {
    throw new AwsError(
      'UnknownOperationException',
      `Operation ${action} is not supported by the local stand-in.`,
    );
  }
  return operation;
}

/** AWS's AccessDeniedException for an `action` like `sagemaker:ListApps`. */
export function deniedByIdentityPolicy(
  principalArn: string,
  action: string,
  resourceArn: string,
): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} ` +
      `because no identity-based policy allows the ${action} action`,
  );
}

export function jsonReply(output: unknown, requestId: string): Reply {
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output),
  };
}

export function jsonErrorReply(error: AwsError, requestId: string): Reply {
  return {
    status: error.status,
    headers: {
      'content-type': JSON_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
