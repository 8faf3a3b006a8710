import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../../prisma/gateway/generated/client.ts';

/** The gateway's Prisma client (API keys), with query events on so tests and benchmarks count reads. */
export function createGatewayPrisma(adapter: SqlDriverAdapterFactory) {
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
}

export type GatewayPrisma = ReturnType<typeof createGatewayPrisma>;
