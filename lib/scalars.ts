import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { BadUserInputError, ScalarInputError } from './errors.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into a UTC midnight Date, or BAD_USER_INPUT naming the argument. */
export function parseIsoDate(value: unknown, argument = 'date'): Date {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip.
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new BadUserInputError(`\`${argument}\` must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}.`, argument, value);
  }
  return date;
}

/** `Date` as `YYYY-MM-DD`. */
export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// A scalar does not know which argument it parses. A plain error lets graphql-js
// wrap it with the value's location (a GraphQLError would be reported bare), from
// which formatError names the argument or variable.
function scalarError(message: string): ScalarInputError {
  return new ScalarInputError(message);
}

function parseDateInput(value: unknown): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && formatIsoDate(date) === value) return value;
  }
  throw scalarError(`Date must be a real calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}.`);
}

/** The `Date` scalar: `YYYY-MM-DD` on the wire, validated on input (kept as the string). */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, ISO 8601 `YYYY-MM-DD`.',
  // Resolvers return dates as the strings formatIsoDate made: the shape check is enough for those (a whole series of them per response).
  serialize: (value) => (value instanceof Date ? formatIsoDate(value) : typeof value === 'string' && ISO_DATE.test(value) ? value : formatIsoDate(parseIsoDate(value))),
  parseValue: parseDateInput,
  parseLiteral: (ast) => parseDateInput(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** The `Long` scalar: a 64-bit integer sent as a JSON number (exact up to 2^53). */
export const LongScalar = new GraphQLScalarType({
  name: 'Long',
  description: 'A 64-bit integer, sent as a JSON number; exact up to 2^53.',
  serialize: (value) => {
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new TypeError(`Long cannot represent ${String(value)}`);
    return number;
  },
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw scalarError(`Long must be an integer up to 2^53, got ${JSON.stringify(value)}.`);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT || !Number.isSafeInteger(Number(ast.value))) throw scalarError('Long must be an integer up to 2^53.');
    return Number(ast.value);
  },
});

function parseDateTimeInput(value: unknown): string {
  // An offset is required: a bare local time would mean a different instant on every server.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw scalarError(`DateTime must be an ISO 8601 instant with an offset, e.g. 2026-01-31T12:00:00Z, got ${JSON.stringify(value)}.`);
}

/** The `DateTime` scalar: an instant as ISO 8601 in UTC (`2026-01-31T12:00:00.000Z`). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 in UTC with milliseconds, e.g. `2026-01-31T12:00:00.000Z`.',
  serialize: (value) => {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTimeInput,
  parseLiteral: (ast) => parseDateTimeInput(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** The `JSON` scalar: any JSON value, passed through as is (literals are read as plain values). */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
