-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('MUSICBRAINZ', 'SPOTIFY', 'ITUNES', 'AUDIODB', 'DEEZER');

-- CreateEnum
CREATE TYPE "MatchStatus" AS ENUM ('MATCHED', 'NOT_FOUND', 'ERROR');

-- CreateTable
CREATE TABLE "Artist" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "thumbUrl" TEXT,
    "bannerUrl" TEXT,
    "genres" TEXT[],
    "summary" TEXT,
    "style" TEXT,
    "mood" TEXT,
    "label" TEXT,
    "serverSource" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Artist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Album" (
    "id" SERIAL NOT NULL,
    "artistId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "upc" TEXT,
    "thumbUrl" TEXT,
    "genres" TEXT[],
    "trackCount" INTEGER,
    "serverSource" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Album_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Track" (
    "id" SERIAL NOT NULL,
    "albumId" INTEGER NOT NULL,
    "artistId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "isrc" CHAR(12),
    "trackNumber" INTEGER,
    "durationMs" INTEGER,
    "filePath" TEXT,
    "bitrate" INTEGER,
    "bpm" DOUBLE PRECISION,
    "explicit" BOOLEAN NOT NULL DEFAULT false,
    "style" TEXT,
    "mood" TEXT,
    "serverSource" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Track_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArtistExternalId" (
    "artistId" INTEGER NOT NULL,
    "provider" "Provider" NOT NULL,
    "externalId" TEXT,
    "matchStatus" "MatchStatus",
    "lastAttempted" TIMESTAMP(3),

    CONSTRAINT "ArtistExternalId_pkey" PRIMARY KEY ("artistId","provider")
);

-- CreateTable
CREATE TABLE "AlbumExternalId" (
    "albumId" INTEGER NOT NULL,
    "provider" "Provider" NOT NULL,
    "externalId" TEXT,
    "matchStatus" "MatchStatus",
    "lastAttempted" TIMESTAMP(3),

    CONSTRAINT "AlbumExternalId_pkey" PRIMARY KEY ("albumId","provider")
);

-- CreateTable
CREATE TABLE "TrackExternalId" (
    "trackId" INTEGER NOT NULL,
    "provider" "Provider" NOT NULL,
    "externalId" TEXT,
    "matchStatus" "MatchStatus",
    "lastAttempted" TIMESTAMP(3),

    CONSTRAINT "TrackExternalId_pkey" PRIMARY KEY ("trackId","provider")
);

-- CreateIndex
CREATE INDEX "Artist_name_idx" ON "Artist"("name");

-- CreateIndex
CREATE INDEX "Album_artistId_idx" ON "Album"("artistId");

-- CreateIndex
CREATE INDEX "Track_isrc_idx" ON "Track"("isrc");

-- CreateIndex
CREATE INDEX "Track_albumId_idx" ON "Track"("albumId");

-- CreateIndex
CREATE INDEX "Track_title_idx" ON "Track"("title");

-- CreateIndex
CREATE INDEX "ArtistExternalId_provider_externalId_idx" ON "ArtistExternalId"("provider", "externalId");

-- CreateIndex
CREATE INDEX "AlbumExternalId_provider_externalId_idx" ON "AlbumExternalId"("provider", "externalId");

-- CreateIndex
CREATE INDEX "TrackExternalId_provider_externalId_idx" ON "TrackExternalId"("provider", "externalId");

-- AddForeignKey
ALTER TABLE "Album" ADD CONSTRAINT "Album_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Track" ADD CONSTRAINT "Track_albumId_fkey" FOREIGN KEY ("albumId") REFERENCES "Album"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Track" ADD CONSTRAINT "Track_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArtistExternalId" ADD CONSTRAINT "ArtistExternalId_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlbumExternalId" ADD CONSTRAINT "AlbumExternalId_albumId_fkey" FOREIGN KEY ("albumId") REFERENCES "Album"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackExternalId" ADD CONSTRAINT "TrackExternalId_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;
