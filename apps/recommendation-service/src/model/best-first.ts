/**
 * Yields the items best first without sorting them all: a binary heap built in O(n), then O(log n) per item taken,
 * so a caller that stops after the first few pays little for a long candidate list.
 */
export function* bestFirst<T>(items: T[], better: (a: T, b: T) => boolean): Generator<T> {
  const heap = items;
  const siftDown = (start: number, size: number): void => {
    let parent = start;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && better(heap[right] as T, heap[left] as T) ? right : left;
      if (!better(heap[child] as T, heap[parent] as T)) return;
      [heap[parent], heap[child]] = [heap[child] as T, heap[parent] as T];
      parent = child;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i, heap.length);
  for (let size = heap.length; size > 0; size--) {
    const top = heap[0] as T;
    heap[0] = heap[size - 1] as T;
    siftDown(0, size - 1);
    yield top;
  }
}
