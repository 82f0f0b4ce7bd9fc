/** A reducer: the next state after an action, without changing the state it is given. */
export type Reducer<S, A> = (state: S, action: A) => S;

/** Called with the selected slice (and the whole state) when the slice changed. */
export type Listener<T, S> = (slice: T, state: S) => void;

/** True when two selected slices count as the same (no call to the listener). */
export type Equality<T> = (a: T, b: T) => boolean;

/** State in one place: views read it, subscribe to the slices they show and dispatch actions. */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  /**
   * Calls `listener` each time the slice `select` picks changes (by reference, or by `equals`).
   * Not called at once; returns the function that unsubscribes.
   */
  subscribe<T>(select: (state: S) => T, listener: Listener<T, S>, equals?: Equality<T>): () => void;
}

interface Subscription<S> {
  active: boolean;
  /** Compares the slice of `state` with the last one seen and calls the listener if it changed. */
  check(state: S): void;
}

/**
 * A store with a pure reducer. A listener may dispatch: the nested dispatch notifies everyone
 * with the newer state first, and the outer round then skips the slices already seen.
 */
export function createStore<S, A>(reducer: Reducer<S, A>, initial: S): Store<S, A> {
  let state = initial;
  let subscriptions: Subscription<S>[] = [];
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      // A copy: a listener may subscribe or unsubscribe meanwhile.
      for (const s of [...subscriptions]) if (s.active) s.check(state);
    },
    subscribe(select, listener, equals = Object.is) {
      let last = select(state);
      const subscription: Subscription<S> = {
        active: true,
        check(current) {
          const slice = select(current);
          if (equals(slice, last)) return;
          last = slice;
          listener(slice, current);
        },
      };
      subscriptions = [...subscriptions, subscription];
      return () => {
        subscription.active = false;
        subscriptions = subscriptions.filter((s) => s !== subscription);
      };
    },
  };
}

/** Equality of two lists item by item (by reference): for selectors that pick several slices at once. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** Equality of two objects field by field (by reference): for selectors that pick several slices at once. */
export function sameFields<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/** Like `subscribe`, but also calls the listener at once with the current slice (for a view's first drawing). */
export function watch<S, A, T>(store: Store<S, A>, select: (state: S) => T, listener: Listener<T, S>, equals?: Equality<T>): () => void {
  const state = store.getState();
  listener(select(state), state);
  return store.subscribe(select, listener, equals);
}
