/**
 * Accepts "jane", a full user ref, or a group ref (`group:<ns>/<name>`);
 * refs are stored lowercased.
 */
export function toUserRef(input: string): string {
  const value = input.trim().toLocaleLowerCase('en-US');
  if (!value) return value;
  if (value.startsWith('group:')) {
    return value.includes('/')
      ? value
      : `group:default/${value.slice('group:'.length)}`;
  }
  const withKind = value.startsWith('user:') ? value : `user:${value}`;
  return withKind.includes('/')
    ? withKind
    : `user:default/${withKind.slice('user:'.length)}`;
}
