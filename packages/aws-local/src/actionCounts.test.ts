import { ActionCounts } from './actionCounts';

describe('ActionCounts', () => {
  it('counts each action, whatever its name, as an own number', () => {
    const counts = new ActionCounts();
    for (const action of ['GetItem', 'toString', '__proto__', 'GetItem']) {
      counts.add(action);
    }
    const record = counts.toRecord();
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.entries(record)).toEqual([
      ['GetItem', 2],
      ['toString', 1],
      ['__proto__', 1],
    ]);
  });

  it('starts again from nothing when cleared', () => {
    const counts = new ActionCounts();
    counts.add('AssumeRole');
    counts.clear();
    expect(counts.toRecord()).toEqual({});
  });
});
