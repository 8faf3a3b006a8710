-- Trigram search needs pg_trgm. Extensions are database-wide, so it goes in
-- `public` (on every subgraph's search_path); the lock stops two schemas
-- migrating at once from both creating it.
SELECT pg_advisory_xact_lock(hashtext('trackgraph-extension:pg_trgm'));
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "searchArtists" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchTitle" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "credits" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditLedger" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditLedger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditLedger_accountId_createdAt_idx" ON "CreditLedger"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Track_searchTitle_idx" ON "Track" USING GIN ("searchTitle" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Track_searchArtists_idx" ON "Track" USING GIN ("searchArtists" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "CreditLedger" ADD CONSTRAINT "CreditLedger_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Credits never go below zero, whatever a caller does (Prisma cannot express CHECK).
ALTER TABLE "Account" ADD CONSTRAINT "Account_credits_nonnegative" CHECK ("credits" >= 0);
