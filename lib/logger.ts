import { pino, type Logger } from 'pino';

/**
 * The process's structured logger: one JSON object per line on stdout, with
 * `service` and, for request logs, `requestId`. `LOG_LEVEL` sets the level
 * (`fatal` … `trace`, or `silent`). Secrets are redacted wherever they appear
 * under the usual names.
 */
export const logger: Logger = pino(
  {
    level: process.env.LOG_LEVEL || 'info',
    base: { service: 'trackgraph' },
    redact: {
      paths: ['key', 'apiKey', 'secret', 'authorization', '*.authorization', '*.key', '*["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  // process.stdout rather than pino's own file descriptor writer, so tests can read what is logged.
  process.stdout,
);

export type { Logger };
