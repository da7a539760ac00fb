/**
 * Calls counted per action, for a stand-in's stats. A Map, not an object:
 * the action comes from the request, and one named `toString` or
 * `__proto__` must count like any other.
 */
export class ActionCounts {
  private readonly byAction = new Map<string, number>();

  add(action: string): void {
    this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
  }

  clear(): void {
    this.byAction.clear();
  }

  /** The counts as a plain record: one own property per action, whatever its name. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(this.byAction);
  }
}
