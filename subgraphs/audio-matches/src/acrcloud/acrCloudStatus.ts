/**
 * ACRCloud's status codes, as its published error table lists them (the
 * identification API answers HTTP 200 with `status.code` and `status.msg`).
 */
export const ACRCLOUD_STATUS = {
  SUCCESS: 0,
  /** Nothing recognized: zero matches, not an error. */
  NO_RESULT: 1001,
  /** Recognition service error (ACRCloud's own HTTP 500). */
  SERVICE_ERROR: 3000,
  MISSING_OR_INVALID_ACCESS_KEY: 3001,
  INVALID_CONTENT_TYPE: 3002,
  /** The project's request limit is used up (per second or per day). */
  LIMIT_EXCEEDED: 3003,
  INVALID_PARAMETERS: 3006,
  INVALID_SIGNATURE: 3014,
} as const;

/** What a status means for the caller: a result, a refusal worth retrying later, or a failure retrying cannot fix. */
export type AcrCloudStatusKind = 'result' | 'rate-limited' | 'transient' | 'auth' | 'failed';

/** Sorts an ACRCloud status code. */
export function statusKind(code: number): AcrCloudStatusKind {
  if (code === ACRCLOUD_STATUS.SUCCESS || code === ACRCLOUD_STATUS.NO_RESULT) return 'result';
  if (code === ACRCLOUD_STATUS.LIMIT_EXCEEDED) return 'rate-limited';
  if (code === ACRCLOUD_STATUS.SERVICE_ERROR) return 'transient';
  if (code === ACRCLOUD_STATUS.MISSING_OR_INVALID_ACCESS_KEY || code === ACRCLOUD_STATUS.INVALID_SIGNATURE) return 'auth';
  return 'failed';
}

/** A status as one line for people: ACRCloud's message with its code, and what to do where that is clear. */
export function describeStatus(code: number, msg: string | undefined): string {
  const said = `ACRCloud status ${code}${msg ? ` "${msg}"` : ''}`;
  switch (statusKind(code)) {
    case 'auth':
      return `${said}: check ACRCLOUD_ACCESS_KEY and ACRCLOUD_ACCESS_SECRET (and that ACRCLOUD_HOST is the project's host)`;
    case 'rate-limited':
      return `${said}: the ACRCloud project's request limit is used up; try again later`;
    default:
      return said;
  }
}
