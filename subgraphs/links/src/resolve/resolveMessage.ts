/** Counts of one `resolveTracks` batch. */
export interface BatchCounts {
  valid: number;
  invalid: number;
  processed: number;
  remaining: number;
}

/** The batch's human-readable note: why it is partial, how many items were invalid; null when all went through. */
export function resolveMessage({ valid, invalid, processed, remaining }: BatchCounts): string | null {
  const notes: string[] = [];
  const skipped = valid - processed;
  if (skipped > 0) {
    notes.push(
      `Not enough credits: ${processed} of ${valid} valid items processed, ${skipped} SKIPPED_NO_CREDITS (not charged); ` +
        `${remaining} credits left. Add credits and resend the skipped items.`,
    );
  }
  if (invalid > 0) notes.push(`${invalid} item${invalid === 1 ? ' was' : 's were'} INVALID_INPUT (not charged); see each result's reason.`);
  return notes.length ? notes.join(' ') : null;
}
