const USAGE = /admit_entities\(/;

/** The statements of an operation, the one that counts entities against the quota apart from those that read analytics. */
export function splitStatements(sql: string[]): { usage: string[]; data: string[] } {
  return { usage: sql.filter((s) => USAGE.test(s)), data: sql.filter((s) => !USAGE.test(s)) };
}
