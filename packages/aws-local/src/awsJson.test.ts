import { jsonOperation } from './awsJson';
import { AwsError } from './http';

describe('jsonOperation', () => {
  const operations = { ListApps: 'list-apps' };

  it("finds the stand-in's own operations", () => {
    expect(jsonOperation(operations, 'ListApps')).toBe('list-apps');
  });

  it.each(['DeleteDomain', 'toString', 'constructor', '__proto__'])(
    'answers %s as AWS answers an unknown operation',
    action => {
      let thrown: unknown;
      try {
        jsonOperation(operations, action);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AwsError);
      expect(thrown).toMatchObject({
        code: 'UnknownOperationException',
        message: `Operation ${action} is not supported by the local stand-in.`,
      });
    },
  );
});
