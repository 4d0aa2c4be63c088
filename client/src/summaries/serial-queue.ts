/**
 * Runs asynchronous tasks one after another. A SQLite driver is one connection:
 * a statement issued while another caller's transaction awaits would run inside
 * that transaction, so the repository queues its work instead of interleaving it.
 */

/**
 * A queue of tasks; each starts when the previous one has settled, whether it
 * succeeded or failed.
 *
 * @example
 * const queue = new SerialQueue();
 * const [a, b] = await Promise.all([queue.run(() => readRows()), queue.run(() => writeRows())]);
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; settles as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // The next task waits for this one to settle, never for it to succeed.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
