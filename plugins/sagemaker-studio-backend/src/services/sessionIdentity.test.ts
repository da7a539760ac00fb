import { stsIdentityFor, stsTagValue } from './sessionIdentity';

const STS_NAME = /^[\w+=,.@-]{2,64}$/;

describe('stsIdentityFor', () => {
  it('names the user readably within STS rules', () => {
    expect(stsIdentityFor('user:default/jane.doe')).toBe('jane.doe@default');
    expect(stsIdentityFor('user:default/user-lob-a')).toMatch(STS_NAME);
  });

  it.each([
    ['user:default/Jane-Doe', 'Jane-Doe@default'],
    ['user:Contractors/Jane', 'Jane@Contractors'],
    ['user:other.ns/x', 'x@other.ns'],
    ['user:default/J_Smith', 'J_Smith@default'],
    [`user:default/${'a'.repeat(70)}`, `${'a'.repeat(53)}-f4a0b309fa`],
  ])('keeps the identity of %s (CloudTrail names it so)', (ref, identity) => {
    expect(stsIdentityFor(ref)).toBe(identity);
  });

  it('replaces characters STS refuses', () => {
    expect(stsIdentityFor('user:my ns/j!m')).toBe('j-m@my-ns');
  });

  it('shortens long refs with a hash so that two users never collide', () => {
    const long = `user:default/${'a'.repeat(80)}`;
    const other = `user:default/${'a'.repeat(79)}b`;
    expect(stsIdentityFor(long)).toMatch(STS_NAME);
    expect(stsIdentityFor(long)).toHaveLength(64);
    expect(stsIdentityFor(long)).not.toBe(stsIdentityFor(other));
  });
});

describe('stsTagValue', () => {
  it('keeps entity refs and replaces anything else', () => {
    expect(stsTagValue('user:default/jane')).toBe('user:default/jane');
    expect(stsTagValue('a<b>')).toBe('a-b-');
    expect(stsTagValue('x'.repeat(300))).toHaveLength(256);
  });
});
