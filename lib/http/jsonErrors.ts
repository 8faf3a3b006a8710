import type { Response } from 'express';

/**
 * Answers with a GraphQL-shaped JSON error (`{ errors: [{ message, extensions: { code } }] }`),
 * the one shape every failure outside GraphQL execution takes too.
 */
export function sendJsonError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ errors: [{ message, extensions: { code, ...details } }] });
}
