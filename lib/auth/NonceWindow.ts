/**
 * The nonces seen in the last `windowMs` (and up to twice that): two sets
 * that take turns, so memory follows the traffic actually received and a
 * lookup is one or two Set probes. A nonce older than the window can be
 * forgotten because its signature is refused as stale anyway.
 */
export class NonceWindow {
  #current = new Set<string>();
  #previous = new Set<string>();
  #rotatedAt: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#rotatedAt = now();
  }

  /** True when `nonce` was seen before; otherwise remembers it and returns false. */
  seenBefore(nonce: string): boolean {
    if (this.now() - this.#rotatedAt >= this.windowMs) {
      this.#previous = this.#current;
      this.#current = new Set();
      this.#rotatedAt = this.now();
    }
    if (this.#current.has(nonce) || this.#previous.has(nonce)) return true;
    this.#current.add(nonce);
    return false;
  }

  /** Nonces remembered now. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}
