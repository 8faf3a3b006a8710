-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "canonicalIsrc" CHAR(12);

-- CreateIndex
CREATE INDEX "Track_canonicalIsrc_idx" ON "Track"("canonicalIsrc");
