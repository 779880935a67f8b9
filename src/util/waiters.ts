/**
 * Callers waiting for something a producer will signal (a file pushed, a listing ended): each `wait()`
 * resolves at the next `wakeAll()`. The caller checks its condition again after waking, since a wake says
 * only that something changed.
 */
export class Waiters {
  private waiting: (() => void)[] = [];

  /** Resolves at the next `wakeAll`. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolve every pending `wait`. */
  wakeAll(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
