-- CreateEnum
CREATE TYPE "TrackMatchMethod" AS ENUM ('ISRC', 'SEARCH');

-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "canonicalTrackId" TEXT,
ADD COLUMN     "enrichedAt" TIMESTAMP(3),
ADD COLUMN     "matchMethod" "TrackMatchMethod",
ADD COLUMN     "matchScore" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "LibraryFile" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size" BIGINT,
    "mtimeMs" BIGINT,
    "itemHash" TEXT,
    "format" TEXT,
    "trackId" INTEGER,
    "error" TEXT,
    "removedAt" TIMESTAMP(3),
    "scannedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LibraryFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LibraryFile_trackId_idx" ON "LibraryFile"("trackId");

-- CreateIndex
CREATE INDEX "LibraryFile_accountId_removedAt_idx" ON "LibraryFile"("accountId", "removedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LibraryFile_accountId_path_key" ON "LibraryFile"("accountId", "path");

-- CreateIndex
CREATE INDEX "Track_accountId_enrichedAt_idx" ON "Track"("accountId", "enrichedAt");

-- AddForeignKey
ALTER TABLE "LibraryFile" ADD CONSTRAINT "LibraryFile_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE SET NULL ON UPDATE CASCADE;
