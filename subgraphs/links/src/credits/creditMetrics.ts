import { Counter } from 'prom-client';
import { registry } from '../../../../lib/metrics.ts';

/** Credits taken by billable operations (before refunds), all accounts together. */
export const creditsSpent = new Counter({
  name: 'trackgraph_credits_spent_total',
  help: 'Credits taken by billable operations (resolveTracks), before refunds',
  registers: [registry],
});

/** Credits given back because the operation that took them failed. */
export const creditsRefunded = new Counter({
  name: 'trackgraph_credits_refunded_total',
  help: 'Credits given back after a billable operation failed',
  registers: [registry],
});
