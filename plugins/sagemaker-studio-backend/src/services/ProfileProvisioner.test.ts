import {
  DescribeUserProfileCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockServices } from '@backstage/backend-test-utils';
import { lobA, testConfig } from '../__testUtils__/fixtures';
import { ProfileProvisioner } from './ProfileProvisioner';
import type { LaunchTarget } from './StudioLauncher';
import type { StudioSessionCalls } from './types';

/*
 * What the provisioner remembers between launches, on a fake SageMaker and
 * a movable clock. The whole flow (creation, Pending, failures, other
 * replicas) is tested against the stand-in in provisioning.test.ts.
 */

const alice = 'user:default/alice';
const target: LaunchTarget = {
  lob: lobA,
  userProfileName: 'alice',
  roleArn: 'arn:aws:iam::111111111111:role/studio-access',
};
const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/** A SageMaker client whose profile exists, InService, and counts its calls. */
class InServiceProfile extends SageMakerClient {
  readonly calls: string[] = [];

  constructor() {
    super({ region: 'us-east-1' });
  }

  override send(command: any): Promise<any> {
    this.calls.push(command.constructor.name);
    if (command instanceof DescribeUserProfileCommand) {
      return Promise.resolve({
        Status: 'InService',
        UserProfileArn: `arn:aws:sagemaker:us-east-1:111111111111:user-profile/${lobA.domainId}/alice`,
      });
    }
    if (command instanceof ListTagsCommand) {
      return Promise.resolve({ Tags: [] });
    }
    return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
  }
}

function provisioner() {
  let now = Date.parse('2026-12-01T09:00:00Z');
  const sagemaker = new InServiceProfile();
  const sessions: StudioSessionCalls = {
    inSession: (_user, _target, call) =>
      call(sagemaker, AbortSignal.timeout(1000)),
  };
  const provisioning = new ProfileProvisioner(
    sessions,
    { record: async () => {} },
    testConfig(),
    mockServices.logger.mock(),
    undefined,
    () => now,
  );
  return {
    provisioning,
    sagemaker,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ProfileProvisioner', () => {
  it('asks SageMaker about a usable profile once, then again after 15 minutes', async () => {
    const { provisioning, sagemaker, advance } = provisioner();

    await expect(provisioning.prepare(alice, target)).resolves.toMatchObject({
      state: 'ready',
    });
    expect(sagemaker.calls).toEqual([
      'DescribeUserProfileCommand',
      'ListTagsCommand',
    ]);

    advance(FIFTEEN_MINUTES_MS - 1);
    await expect(provisioning.prepare(alice, target)).resolves.toMatchObject({
      state: 'ready',
    });
    await expect(provisioning.status(alice, target)).resolves.toMatchObject({
      state: 'ready',
    });
    expect(sagemaker.calls).toHaveLength(2);

    advance(1);
    await provisioning.prepare(alice, target);
    expect(sagemaker.calls).toHaveLength(4);
  });

  it('asks again at once for a profile it was told to forget', async () => {
    const { provisioning, sagemaker } = provisioner();
    await provisioning.status(alice, target);
    expect(sagemaker.calls).toHaveLength(2);

    provisioning.forget(alice, target);
    await provisioning.status(alice, target);
    expect(sagemaker.calls).toHaveLength(4);
  });
});
