/** Longest ledger reason kept: reasons are free text for audit, so they are bounded. */
export const MAX_REASON = 200;

/** Largest credit amount one call may move (well inside Postgres' 32-bit `integer`). */
export const MAX_CREDIT_AMOUNT = 1_000_000_000;

/**
 * Misuse guard for the credit functions: a whole number from `min` to
 * {@link MAX_CREDIT_AMOUNT}, or a TypeError saying what arrived.
 */
export function checkAmount(amount: number, name: string, min: number): void {
  if (!Number.isInteger(amount) || amount < min || amount > MAX_CREDIT_AMOUNT) {
    throw new TypeError(`${name} must be an integer from ${min} to ${MAX_CREDIT_AMOUNT}, got ${amount}`);
  }
}
