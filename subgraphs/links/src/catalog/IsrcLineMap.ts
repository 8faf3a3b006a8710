/**
 * ISRC → line of its latest row, for a whole import: 12 bytes a slot in typed
 * arrays instead of a Map entry of about 100 bytes (a string key and a boxed
 * slot), so reporting repeats costs about 24 MB for a million distinct ISRCs
 * rather than 100 MB. An ISRC is 12 characters of [0-9A-Z]: each half read in
 * base 36 is below 36^6 < 2^32, so the key is two 32-bit words. Open
 * addressing with linear probing, grown at half full.
 */
export class IsrcLineMap {
  private keys = new Uint32Array(2 * 1024);
  private lines = new Uint32Array(1024);
  private count = 0;

  /** ISRCs held. */
  get size(): number {
    return this.count;
  }

  /** The line recorded for this ISRC, if any. */
  get(isrc: string): number | undefined {
    const hi = half(isrc, 0);
    const lo = half(isrc, 6);
    const slot = this.find(hi, lo);
    return this.lines[slot] === 0 ? undefined : this.lines[slot];
  }

  /** Records `line` (≥ 1) as this ISRC's latest. */
  set(isrc: string, line: number): void {
    if (!(line >= 1 && line <= 0xffffffff)) throw new RangeError(`line ${line} is out of range`);
    const hi = half(isrc, 0);
    const lo = half(isrc, 6);
    const slot = this.find(hi, lo);
    if (this.lines[slot] === 0) {
      this.keys[2 * slot] = hi;
      this.keys[2 * slot + 1] = lo;
      this.count++;
    }
    this.lines[slot] = line;
    if (this.count * 2 > this.lines.length) this.grow();
  }

  /** The slot holding (hi, lo), or the empty slot where it would go. Line 0 marks an empty slot. */
  private find(hi: number, lo: number): number {
    const mask = this.lines.length - 1;
    // Mix both words so neighbouring ISRCs (…0001, …0002) spread over the table.
    let slot = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    while (this.lines[slot] !== 0 && (this.keys[2 * slot] !== hi || this.keys[2 * slot + 1] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let slot = 0; slot < lines.length; slot++) {
      if (lines[slot] === 0) continue;
      const next = this.find(keys[2 * slot]!, keys[2 * slot + 1]!);
      this.keys[2 * next] = keys[2 * slot]!;
      this.keys[2 * next + 1] = keys[2 * slot + 1]!;
      this.lines[next] = lines[slot]!;
    }
  }
}

/** Six characters of a normalized ISRC read in base 36 (always below 2^32). */
function half(isrc: string, start: number): number {
  if (isrc.length !== 12) throw new RangeError(`"${isrc}" is not a normalized ISRC`);
  let value = 0;
  for (let i = start; i < start + 6; i++) {
    const code = isrc.charCodeAt(i);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 65 && code <= 90 ? code - 55 : -1;
    if (digit < 0) throw new RangeError(`"${isrc}" is not a normalized ISRC`);
    value = value * 36 + digit;
  }
  return value;
}
