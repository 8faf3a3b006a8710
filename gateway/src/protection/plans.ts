import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../lib/config.ts';

/** Every limit a plan sets. Operations over one are refused before anything runs. */
export interface Plan {
  name: string;
  description: string;
  /** Requests per minute, per key (per client IP for anonymous callers). */
  requestsPerMinute: number;
  /** Estimated cost per minute, per key (per IP). */
  costPerMinute: number;
  /** Highest estimated cost of one operation. */
  maxCost: number;
  /** Deepest field nesting, fragments expanded (introspection excluded). */
  maxDepth: number;
  /** Deepest nesting of introspection member lists (`types { fields { args } }` is 3). */
  maxIntrospectionDepth: number;
  /** Most aliased fields, fragments expanded. */
  maxAliases: number;
  /** Most root fields, fragments expanded. */
  maxRootFields: number;
  /** Most fields in all, fragments expanded. */
  maxFields: number;
  /** Most directives written in the document. */
  maxDirectives: number;
  /** Most lexical tokens (parsing stops there). */
  maxTokens: number;
  /** Largest document, in bytes. */
  maxBytes: number;
  /** Distinct entities (recordings, playlists, charts) whose analytics the account may read in a calendar month. */
  entitiesPerMonth: number;
}

/** The measures a plan limits, with the name of their limit. */
export const LIMITS = {
  cost: 'maxCost',
  depth: 'maxDepth',
  introspectionDepth: 'maxIntrospectionDepth',
  aliases: 'maxAliases',
  rootFields: 'maxRootFields',
  fields: 'maxFields',
  directives: 'maxDirectives',
  tokens: 'maxTokens',
  bytes: 'maxBytes',
} as const satisfies Record<string, keyof Plan>;
export type Measure = keyof typeof LIMITS;

/** The plan of anonymous callers. */
export const ANONYMOUS_PLAN = 'anonymous';

const NUMBERS: (keyof Plan)[] = ['requestsPerMinute', 'costPerMinute', ...Object.values(LIMITS)];

/** Plans by name, from `PLANS_FILE` (default gateway/plans.json); a TypeError says what is wrong. */
export function readPlans(env: NodeJS.ProcessEnv = process.env): Record<string, Plan> {
  const path = env.PLANS_FILE || join(ROOT, 'gateway', 'plans.json');
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
  const plans: Record<string, Plan> = {};
  for (const [name, value] of Object.entries(raw)) {
    for (const field of NUMBERS) {
      const n = value[field];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new TypeError(`${path}: plan "${name}" needs ${field} as a positive integer, got ${JSON.stringify(n)}`);
    }
    const entities = value.entitiesPerMonth;
    if (typeof entities !== 'number' || !Number.isInteger(entities) || entities < 0) {
      throw new TypeError(`${path}: plan "${name}" needs entitiesPerMonth as a whole number, got ${JSON.stringify(entities)}`);
    }
    plans[name] = { ...(value as unknown as Plan), name, description: String(value.description ?? '') };
  }
  if (!plans[ANONYMOUS_PLAN]) throw new TypeError(`${path}: the "${ANONYMOUS_PLAN}" plan is required`);
  return plans;
}
