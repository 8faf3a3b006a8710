import { describe, expect, it } from 'vitest';
import { NonceWindow } from '../../../lib/auth/NonceWindow.ts';

describe('NonceWindow', () => {
  it('remembers a nonce for at least the window, and forgets it after twice the window', () => {
    let now = 0;
    const window = new NonceWindow(1_000, () => now);
    expect(window.seenBefore('a')).toBe(false);
    expect(window.seenBefore('a')).toBe(true);
    now = 1_500;
    expect(window.seenBefore('a')).toBe(true);
    expect(window.seenBefore('b')).toBe(false);
    now = 2_600;
    // 'a' was last added before the previous rotation: gone. 'b' is still in the previous set.
    expect(window.seenBefore('b')).toBe(true);
    expect(window.seenBefore('a')).toBe(false);
    expect(window.size).toBe(2);
  });
});
