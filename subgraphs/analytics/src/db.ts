import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../../../prisma/analytics/generated/client.ts';

/** The analytics subgraph's Prisma client, with query events on (tests count statements). */
export function createPrisma(adapter: SqlDriverAdapterFactory) {
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
}

export type AnalyticsPrisma = ReturnType<typeof createPrisma>;
