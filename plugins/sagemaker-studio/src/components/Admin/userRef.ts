/** Accepts "jane" or a full ref; refs are stored lowercased. */
export function toUserRef(input: string): string {
  const value = input.trim().toLocaleLowerCase('en-US');
  if (!value) return value;
  const withKind = value.startsWith('user:') ? value : `user:${value}`;
  return withKind.includes('/')
    ? withKind
    : `user:default/${withKind.slice('user:'.length)}`;
}
