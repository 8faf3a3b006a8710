import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../../../prisma/audio-matches/generated/client.ts';

/** The audio-matches subgraph's Prisma client, with query events on (tests count statements). */
export function createPrisma(adapter: SqlDriverAdapterFactory) {
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
}

export type AudioMatchesPrisma = ReturnType<typeof createPrisma>;
