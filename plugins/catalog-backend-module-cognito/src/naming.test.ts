import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  entityNameFor,
  groupEntityName,
  isPlainName,
  userEntityName,
} from './naming';

const validName = (name: string) =>
  KubernetesValidatorFunctions.isValidObjectName(name);

describe('entity names of pool users and groups', () => {
  it('keeps a username that already is a lowercase entity name', () => {
    expect(userEntityName({ username: 'user-lob-a' }, 'username')).toBe(
      'user-lob-a',
    );
    expect(userEntityName({ username: 'jane.doe_2' }, 'username')).toBe(
      'jane.doe_2',
    );
    expect(groupEntityName('fraud-ds')).toBe('fraud-ds');
  });

  it.each([
    ['JDoe', /^jdoe_[a-z2-7]{12}$/],
    ['jane doe', /^jane-doe_[a-z2-7]{12}$/],
    ['jane@corp.example.com', /^jane-corp.example.com_[a-z2-7]{12}$/],
    ['AzureAD_Jane.Doe@corp.com', /^azuread_jane.doe-corp.com_[a-z2-7]{12}$/],
    ['José-Ñúñez', /^jose-nunez_[a-z2-7]{12}$/],
    ['a--b', /^a-b_[a-z2-7]{12}$/],
    ['-lead', /^lead_[a-z2-7]{12}$/],
    ['日本語', /^x_[a-z2-7]{12}$/],
    ['x'.repeat(64), new RegExp(`^x{50}_[a-z2-7]{12}$`)],
  ])('turns %j into a valid name with a hash suffix', (username, expected) => {
    const name = userEntityName({ username }, 'username');
    expect(name).toMatch(expected);
    expect(validName(name)).toBe(true);
  });

  it('hashes a plain value that looks like a hashed name, so the two forms never meet', () => {
    const hashed = entityNameFor('JDoe');
    expect(isPlainName(hashed)).toBe(false);
    const again = entityNameFor(hashed);
    expect(again).not.toBe(hashed);
    expect(again).toMatch(/^jdoe_[a-z2-7]{12}_[a-z2-7]{12}$/);
  });

  it('never gives two usernames that differ only in case or spelling one name', () => {
    const usernames = [
      'jdoe',
      'JDoe',
      'JDOE',
      'j doe',
      'j-doe',
      'j_doe',
      'j.doe',
      'J.Doe',
      'j  doe',
      'j@doe',
    ];
    const names = usernames.map(username =>
      userEntityName({ username }, 'username').toLowerCase(),
    );
    expect(new Set(names).size).toBe(usernames.length);
  });

  it('is deterministic: the same username gets the same name on every run', () => {
    expect(userEntityName({ username: 'Jane Doe' }, 'username')).toBe(
      userEntityName({ username: 'Jane Doe' }, 'username'),
    );
  });

  it('names by email with the username hashed in, so a shared email still gives two names', () => {
    const a = userEntityName(
      {
        username: 'b1f0a9c2-0000-4000-8000-000000000001',
        email: 'Jane.Doe@corp.com',
      },
      'email',
    );
    const b = userEntityName(
      { username: 'Google_1234567890', email: 'Jane.Doe@corp.com' },
      'email',
    );
    expect(a).toMatch(/^jane.doe_[a-z2-7]{12}$/);
    expect(b).toMatch(/^jane.doe_[a-z2-7]{12}$/);
    expect(a).not.toBe(b);
    // No email: named by username, which cannot meet an email name either.
    expect(userEntityName({ username: 'jane.doe' }, 'email')).toBe('jane.doe');
  });

  it('never collides over a large, adversarial set of usernames', () => {
    const usernames = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      usernames.add(`user${i}`);
      usernames.add(`User${i}`);
      usernames.add(`user ${i}`);
      usernames.add(`user${i}@corp.com`);
    }
    const names = new Set<string>();
    for (const username of usernames) {
      const name = userEntityName({ username }, 'username');
      expect(validName(name)).toBe(true);
      names.add(name.toLowerCase());
    }
    expect(names.size).toBe(usernames.size);
  });
});
