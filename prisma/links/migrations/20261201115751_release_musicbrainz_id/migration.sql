-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "musicbrainzId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Release_musicbrainzId_key" ON "Release"("musicbrainzId");
