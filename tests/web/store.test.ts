import { describe, expect, it } from 'vitest';
import { createStore, sameFields, sameItems, watch } from '../../web/src/state/store.ts';

interface Counter {
  count: number;
  label: { text: string };
}
type Action = { type: 'inc' } | { type: 'label'; text: string } | { type: 'same' };

const reducer = (s: Counter, a: Action): Counter => {
  switch (a.type) {
    case 'inc':
      return { ...s, count: s.count + 1 };
    case 'label':
      return { ...s, label: { text: a.text } };
    case 'same':
      return s;
  }
};

const counter = () => createStore(reducer, { count: 0, label: { text: 'a' } });

describe('createStore', () => {
  it('computes the next state through the reducer and leaves the previous one as it was', () => {
    const store = counter();
    const before = store.getState();
    store.dispatch({ type: 'inc' });
    expect(store.getState().count).toBe(1);
    expect(before.count).toBe(0);
    expect(store.getState().label).toBe(before.label);
  });

  it('calls a listener only when its slice changes, not when it subscribes', () => {
    const store = counter();
    const seen: string[] = [];
    store.subscribe(
      (s) => s.label,
      (label) => seen.push(label.text),
    );
    expect(seen).toEqual([]);
    store.dispatch({ type: 'inc' });
    store.dispatch({ type: 'same' });
    expect(seen).toEqual([]);
    store.dispatch({ type: 'label', text: 'b' });
    expect(seen).toEqual(['b']);
  });

  it('compares slices by reference: an equal copy is a change', () => {
    const store = counter();
    let calls = 0;
    store.subscribe(
      (s) => s.label,
      () => calls++,
    );
    store.dispatch({ type: 'label', text: 'a' });
    expect(calls).toBe(1);
  });

  it('takes an equality for selectors that build a new list or object each time', () => {
    const store = counter();
    const byItems: number[] = [];
    const byFields: number[] = [];
    store.subscribe(
      (s) => [s.label, s.count > 1],
      (_, s) => byItems.push(s.count),
      sameItems,
    );
    store.subscribe(
      (s) => ({ label: s.label, big: s.count > 1 }),
      (_, s) => byFields.push(s.count),
      sameFields,
    );
    store.dispatch({ type: 'inc' });
    store.dispatch({ type: 'inc' });
    store.dispatch({ type: 'inc' });
    expect(byItems).toEqual([2]);
    expect(byFields).toEqual([2]);
  });

  it('stops calling a listener once unsubscribed, also within the same round', () => {
    const store = counter();
    const calls: string[] = [];
    let second = () => {};
    store.subscribe(
      (s) => s.count,
      () => {
        calls.push('first');
        second();
      },
    );
    second = store.subscribe(
      (s) => s.count,
      () => calls.push('second'),
    );
    store.dispatch({ type: 'inc' });
    store.dispatch({ type: 'inc' });
    expect(calls).toEqual(['first', 'first']);
  });

  it('lets a listener dispatch: everyone sees the newest state, once per change', () => {
    const store = counter();
    const labels: string[] = [];
    store.subscribe(
      (s) => s.count,
      (count) => count === 1 && store.dispatch({ type: 'label', text: 'one' }),
    );
    store.subscribe(
      (s) => s.label,
      (label) => labels.push(label.text),
    );
    const counts: number[] = [];
    store.subscribe(
      (s) => s.count,
      (count, s) => counts.push(count * 10 + s.label.text.length),
    );
    store.dispatch({ type: 'inc' });
    expect(labels).toEqual(['one']);
    // The last listener is called once, with the state after the nested dispatch.
    expect(counts).toEqual([13]);
  });

  it('watch calls the listener at once and then on each change', () => {
    const store = counter();
    const seen: number[] = [];
    const stop = watch(
      store,
      (s) => s.count,
      (count) => seen.push(count),
    );
    store.dispatch({ type: 'inc' });
    stop();
    store.dispatch({ type: 'inc' });
    expect(seen).toEqual([0, 1]);
  });
});
