/** Ready tasks, highest priority first, then lowest graph rank: a binary heap. */
import type { TaskRecord } from "./task-record";

function before(a: TaskRecord, b: TaskRecord): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.rank < b.rank;
}

export class ReadyQueue {
  private readonly heap: TaskRecord[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): TaskRecord | undefined {
    return this.heap[0];
  }

  push(task: TaskRecord): void {
    task.heapIndex = this.heap.length;
    this.heap.push(task);
    this.up(task.heapIndex);
  }

  pop(): TaskRecord | undefined {
    const top = this.heap[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(task: TaskRecord): void {
    if (task.heapIndex >= 0 && this.heap[task.heapIndex] === task) this.removeAt(task.heapIndex);
  }

  private removeAt(index: number): void {
    const removed = this.heap[index] as TaskRecord;
    const last = this.heap.pop() as TaskRecord;
    removed.heapIndex = -1;
    if (index < this.heap.length) {
      this.heap[index] = last;
      last.heapIndex = index;
      this.up(index);
      this.down(last.heapIndex);
    }
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i] as TaskRecord;
    const b = this.heap[j] as TaskRecord;
    this.heap[i] = b;
    this.heap[j] = a;
    a.heapIndex = j;
    b.heapIndex = i;
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.heap[i] as TaskRecord, this.heap[parent] as TaskRecord)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (
        left < this.heap.length &&
        before(this.heap[left] as TaskRecord, this.heap[best] as TaskRecord)
      )
        best = left;
      if (
        right < this.heap.length &&
        before(this.heap[right] as TaskRecord, this.heap[best] as TaskRecord)
      )
        best = right;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
