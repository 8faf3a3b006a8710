import { parseCountry } from '../../../../lib/country.ts';
import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { parseIsoDate } from '../../../../lib/scalars.ts';
import { characters, COLUMN_LIMITS } from './columnLimits.ts';

type JsonObject = Record<string, unknown>;

/**
 * Reads the fields of one JSON object of an import file. Each getter checks
 * its field and, when it is wrong, notes a problem naming the field's path
 * (`entries[3].isrc`) and returns undefined, so one pass finds every problem
 * of a record. A field that is absent or null is "not given".
 */
export class RecordFields {
  private constructor(
    private readonly object: JsonObject,
    private readonly path: string,
    /** Shared by an object and the objects inside it. */
    readonly problems: string[],
  ) {}

  /** The fields of `value`, or null (with a problem) when it is not a JSON object. */
  static of(value: unknown, path = '', problems: string[] = []): RecordFields | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${path || 'the record'} is not a JSON object`);
      return null;
    }
    return new RecordFields(value as JsonObject, path, problems);
  }

  private name(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  /** Notes a problem of one field (`entries[3].isrc is required`); returns undefined for the getter to return. */
  fail(field: string, text: string): undefined {
    this.problems.push(`${this.name(field)} ${text}`);
    return undefined;
  }

  /** Notes a problem of the object as a whole (`entries[3] needs …`). */
  report(text: string): void {
    this.problems.push(this.path ? `${this.path} ${text}` : text);
  }

  /** The raw value of a given field; a problem (when `required`) or undefined when absent or null. */
  private given(field: string, required: boolean): unknown {
    const value = this.object[field];
    if (value === undefined || value === null) return required ? this.fail(field, 'is required') : undefined;
    return value;
  }

  /** Whether the field is present (null included). */
  has(field: string): boolean {
    return this.object[field] !== undefined;
  }

  /** Whether the field is present and not null. */
  isGiven(field: string): boolean {
    return this.object[field] !== undefined && this.object[field] !== null;
  }

  /** Notes every field not in `known` (a misspelt name would otherwise be silently ignored). */
  only(known: readonly string[]): void {
    for (const field of Object.keys(this.object)) {
      if (!known.includes(field)) this.fail(field, `is not a field here (expected ${known.join(', ')})`);
    }
  }

  /** A trimmed string of at most `max` characters (blank counts as not given). */
  text(field: string, { required = false, max = COLUMN_LIMITS.name as number } = {}): string | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, `must be a string, got ${JSON.stringify(value)}`);
    const text = value.trim();
    if (text === '') return required ? this.fail(field, 'is blank') : undefined;
    if (characters(text) > max) return this.fail(field, `is longer than ${max} characters`);
    return text;
  }

  /** One of `values`, exactly as written. */
  oneOf<T extends string>(field: string, values: readonly T[], required = true): T | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (!values.includes(value as T)) return this.fail(field, `must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    return value as T;
  }

  /** The result of `parse` on a string field; its error message (the lib's own wording) is the problem. */
  private parsed<T>(field: string, required: boolean, parse: (text: string, argument: string) => T): T | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, `must be a string, got ${JSON.stringify(value)}`);
    return this.check(() => parse(value, this.name(field)));
  }

  /** What `check` returns, or undefined with its thrown message as the problem. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      // The lib's messages are written for GraphQL (`argument` in backticks); a report reads better without.
      const message = (error as Error).message.replace(/`/g, '').replace(/\.$/, '');
      const argument = (error as { extensions?: { argument?: unknown } }).extensions?.argument;
      // A GraphQL error names its argument in extensions; a report starts with it.
      this.problems.push(typeof argument === 'string' && !message.startsWith(argument) ? `${argument}: ${message}` : message);
      return undefined;
    }
  }

  /** A real calendar date `YYYY-MM-DD`. */
  date(field: string, required = true): string | undefined {
    return this.parsed(field, required, (text, argument) => (parseIsoDate(text, argument), text));
  }

  /** An ISRC, normalized (hyphens and case as people write them are fine). */
  isrc(field: string, required = true): string | undefined {
    return this.parsed(field, required, (text, argument) => {
      const isrc = normalizeIsrc(text);
      const problem = isrcProblem(isrc);
      if (problem) throw new Error(`${argument} "${text}" is not an ISRC: ${problem}`);
      return isrc;
    });
  }

  /** An ISO 3166-1 alpha-2 country code (or GLOBAL when allowed), upper-cased. */
  country(field: string, { required = true, allowGlobal = true } = {}): string | undefined {
    return this.parsed(field, required, (text, argument) => parseCountry(text, argument, allowGlobal));
  }

  /** The result of `parse` on a string field, whose thrown message is the problem. */
  custom<T>(field: string, required: boolean, parse: (text: string, argument: string) => T): T | undefined {
    return this.parsed(field, required, parse);
  }

  /** A whole JSON number from `min` to `max` (a Postgres integer by default). */
  int(field: string, { required = false, min = 1, max = COLUMN_LIMITS.int as number } = {}): number | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** A whole number of 0 or more up to 2^63 − 1: a JSON number up to 2^53, or a string of digits for more. */
  count(field: string, required = false): bigint | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return this.fail(field, `${value} is past 2^53 and lost its last digits in JSON; write it as a string of digits`);
    }
    const digits = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (!/^\d{1,19}$/.test(digits) || BigInt(digits) > COLUMN_LIMITS.bigint) return this.fail(field, `must be a whole number of 0 or more, got ${JSON.stringify(value)}`);
    return BigInt(digits);
  }

  /** The objects of an array field, each read with its index in its path; undefined when absent or not an array. */
  list(field: string, { required = false, min = 0 } = {}): RecordFields[] | undefined {
    const value = this.given(field, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(field, 'must be an array');
    if (value.length < min) return this.fail(field, `must hold at least ${min} item${min === 1 ? '' : 's'}`);
    return value.map((item, i) => RecordFields.of(item, `${this.name(field)}[${i}]`, this.problems)).filter((item): item is RecordFields => item !== null);
  }
}
