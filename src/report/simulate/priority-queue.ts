/**
 * A binary heap, the only data structure the schedulers need beyond arrays.
 *
 * The order is given by a comparator that must be total (break every tie explicitly, for example on a
 * transaction index): the heap itself is not stable, and determinism of the simulations depends on the
 * comparator deciding every tie.
 */

/** Min-heap under `before(a, b)` (true when `a` must come out first). */
export class PriorityQueue<T> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;

  /** Creates an empty heap ordered by `before`. */
  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before;
  }

  /** Number of items. */
  get size(): number {
    return this.#items.length;
  }

  /** The first item without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds an item. */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const up = items[at] as T;
      const down = items[parent] as T;
      if (!this.#before(up, down)) break;
      items[at] = down;
      items[parent] = up;
      at = parent;
    }
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    const items = this.#items;
    const first = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.#siftDown(0);
    }
    return first;
  }

  #siftDown(start: number): void {
    const items = this.#items;
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < items.length && this.#before(items[left] as T, items[best] as T)) best = left;
      if (right < items.length && this.#before(items[right] as T, items[best] as T)) best = right;
      if (best === at) return;
      const moved = items[at] as T;
      items[at] = items[best] as T;
      items[best] = moved;
      at = best;
    }
  }
}
