import { MinHeap } from '../common/heap.js';

/** What the queue needs of a scheduled thing: when it is due, and a count of its re-schedules. */
export interface Schedulable {
  /** When it is next due; undefined while not queued. */
  dueAt: number | undefined;
  /** Bumped whenever it is re-queued or taken off, so that its older heap items are skipped. */
  generation: number;
}

interface QueueItem<T> {
  entry: T;
  dueAt: number;
  generation: number;
}

export interface DueQueueOptions {
  clock: () => number;
  /** The longest the timer sleeps before it reads the clock again: a hand-moved clock is noticed. */
  maxSleepMs: number;
  /** Called when something may be due (the timer fired); it takes what is due with `takeDue`. */
  onWake: () => void;
}

/**
 * Due times on one timer: a min-heap of (due time, generation) items, so 10,000 checks cost one
 * wake-up per due check, not one timer each. Re-scheduling pushes a new item and bumps the
 * generation rather than searching the heap; stale items are dropped as they surface.
 */
export class DueQueue<T extends Schedulable> {
  private readonly heap = new MinHeap<QueueItem<T>>((a, b) => a.dueAt < b.dueAt);
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private running = false;

  constructor(private readonly options: DueQueueOptions) {}

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  schedule(entry: T, dueAt: number): void {
    entry.generation++;
    entry.dueAt = dueAt;
    this.heap.push({ entry, dueAt, generation: entry.generation });
    this.arm();
  }

  /** Takes the entry off the queue: an item of it already in the heap is skipped when it surfaces. */
  cancel(entry: T): void {
    entry.generation++;
    entry.dueAt = undefined;
  }

  /** The entries due by `now`, earliest first, each taken off the queue (its dueAt cleared). */
  takeDue(now: number): T[] {
    const due: T[] = [];
    for (let top = this.heap.peek(); top !== undefined && top.dueAt <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (top.entry.generation !== top.generation) continue;
      top.entry.dueAt = undefined;
      due.push(top.entry);
    }
    return due;
  }

  /** Sets the timer for the earliest due time (or the longest sleep), unless one is set sooner. */
  arm(): void {
    if (!this.running) return;
    const top = this.heap.peek();
    const delay = top === undefined ? this.options.maxSleepMs : Math.min(Math.max(top.dueAt - this.options.clock(), 0), this.options.maxSleepMs);
    const at = performance.now() + delay;
    if (this.timer !== undefined && this.armedFor <= at) return;
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedFor = Infinity;
      this.options.onWake();
    }, delay);
    this.timer.unref();
  }
}
