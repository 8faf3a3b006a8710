import { logger } from '../../../../lib/logger.ts';

/**
 * Work a request starts but does not wait for (e.g. recording a platform's late answer). The
 * subgraph drains it before closing its database, so nothing is cut off half-written.
 */
export class BackgroundTasks {
  readonly #running = new Set<Promise<void>>();
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void = (line) => logger.warn(line)) {
    this.#log = log;
  }

  /** Starts `task` now; a failure is logged (with `name`), never thrown at anyone. */
  run(name: string, task: () => Promise<void>): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .catch((error: unknown) => this.#log(`[background] ${name} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** How many tasks are running. */
  get size(): number {
    return this.#running.size;
  }

  /** Resolves when every task has finished, including tasks started by running ones. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }
}
