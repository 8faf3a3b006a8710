import { describe, expect, it } from 'vitest';
import { readMojibake } from '../../lib/text/mojibake.ts';

describe('readMojibake', () => {
  it.each([
    ['BeyoncÃ©', 'Beyoncé'],
    ['MÃ¶tley CrÃ¼e', 'Mötley Crüe'],
    ['Ã‰dith Piaf', 'Édith Piaf'],
    ['CÃ©line Dion â€“ Live', 'Céline Dion – Live'],
    // Part right, part double-encoded: each sequence is repaired on its own.
    ['AlizÃ©e — Moi… Lolita', 'Alizée — Moi… Lolita'],
    ['ã‚¢ã‚¤ãƒ‰ãƒ«', 'アイドル'],
  ])('repairs double-encoded UTF-8: %s', (text, repaired) => expect(readMojibake(text)).toEqual({ kind: 'repaired', text: repaired }));

  it.each(['Beyoncé', 'Déjà vu', 'straße', 'Sigur Rós', 'アイドル', 'Ã', 'Ä Ö Ü'])('leaves right text alone: %s', (text) => {
    expect(readMojibake(text)).toEqual({ kind: 'clean' });
  });

  it.each([
    ['Pok\uFFFDmon', /U\+FFFD/],
    ['ýýý', /"ýýý", a run/],
    ['Caf\uFFFD\uFFFD', /U\+FFFD/],
  ])('calls lost text garbled: %j', (text, reason) => {
    const reading = readMojibake(text);
    expect(reading.kind).toBe('garbled');
    expect(reading.kind === 'garbled' && reading.reason).toMatch(reason);
  });
});
