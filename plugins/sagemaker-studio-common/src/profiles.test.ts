import {
  defaultUserProfileName,
  effectiveUserProfileName,
  profileClaimKey,
} from './profiles';
import { patterns } from './patterns';

describe('defaultUserProfileName', () => {
  it('keeps a plain name of the default namespace, lowercased', () => {
    expect(defaultUserProfileName('user:default/user-lob-a')).toBe(
      'user-lob-a',
    );
    expect(defaultUserProfileName('user:default/Jane-Doe')).toBe('jane-doe');
  });

  it('never gives a user of another namespace the profile of the same name in default', () => {
    const contractor = defaultUserProfileName('user:contractors/user-lob-a');
    expect(contractor).not.toBe('user-lob-a');
    expect(contractor).toMatch(/^user-lob-a-contractors--[0-9a-f]{16}$/);
  });

  it.each([
    'user:default/jane.doe',
    'user:default/jane_doe',
    `user:default/${'a'.repeat(64)}`,
    'user:other.ns/x',
    `user:${'n'.repeat(60)}/${'m'.repeat(60)}`,
  ])('hashes %s into a valid profile name of at most 63 characters', ref => {
    const name = defaultUserProfileName(ref);
    expect(name).toMatch(patterns.userProfileName);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toContain('--');
  });

  it('is injective over refs that look alike once punctuation is dropped', () => {
    const refs = [
      'user:default/jane-doe',
      'user:default/jane.doe',
      'user:default/jane_doe',
      'user:jane/doe',
      'user:jane-doe/default',
      'user:default-jane/doe',
      'user:contractors/jane-doe',
      'user:contractors-x/jane-doe',
      `user:default/${'a'.repeat(63)}`,
      `user:default/${'a'.repeat(64)}`,
      `user:default/${'a'.repeat(65)}`,
    ];
    const names = refs.map(defaultUserProfileName);
    expect(new Set(names).size).toBe(refs.length);
  });

  it('is the same for refs that Backstage treats as the same entity', () => {
    expect(defaultUserProfileName('user:Contractors/Jane')).toBe(
      defaultUserProfileName('user:contractors/jane'),
    );
  });
});

describe('defaultUserProfileName of stored refs', () => {
  // Memberships and claims in the tables hold these names: they must never change.
  it.each([
    ['user:default/jane-doe', 'jane-doe'],
    ['user:default/Jane-Doe', 'jane-doe'],
    ['user:default/jane.doe', 'jane-doe--d410da1ed71c25c5'],
    ['user:Contractors/Jane', 'jane-contractors--c3ec938ddbf607d0'],
    ['user:other.ns/x', 'x-other-ns--9496a95aa892728d'],
    ['user:default/J_Smith', 'j-smith--119304a56515027d'],
    ['user:team-a/Bob.Builder', 'bob-builder-team-a--2367741bda3172c3'],
    [`user:default/${'a'.repeat(70)}`, `${'a'.repeat(45)}--f4a0b309fae5672c`],
  ])('derives %s as %s', (ref, name) => {
    expect(defaultUserProfileName(ref)).toBe(name);
  });
});

describe('effectiveUserProfileName and profileClaimKey', () => {
  it('prefers the name the membership gives', () => {
    expect(
      effectiveUserProfileName({
        userRef: 'user:default/a',
        userProfileName: 'Other',
      }),
    ).toBe('Other');
    expect(effectiveUserProfileName({ userRef: 'user:default/a' })).toBe('a');
  });

  it('claims case-insensitively', () => {
    expect(profileClaimKey('Jane')).toBe(profileClaimKey('jane'));
  });
});
