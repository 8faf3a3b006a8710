-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'TIDAL', 'BEATPORT', 'DISCOGS', 'MUSICBRAINZ', 'YOUTUBE', 'SHAZAM');

-- CreateTable
CREATE TABLE "Track" (
    "id" TEXT NOT NULL,
    "isrc" CHAR(12) NOT NULL,
    "title" TEXT NOT NULL,
    "releaseTitle" TEXT,
    "releaseDate" DATE,
    "artworkUrl" TEXT,
    "durationSeconds" INTEGER,
    "bpm" DOUBLE PRECISION,
    "key" TEXT,
    "popularity" INTEGER,
    "energy" DOUBLE PRECISION,
    "genres" TEXT[],
    "subgenres" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Track_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artist" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Artist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackArtist" (
    "trackId" TEXT NOT NULL,
    "artistId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT true,
    "isRemixer" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TrackArtist_pkey" PRIMARY KEY ("trackId","artistId")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "upc" TEXT,
    "releaseDate" DATE,
    "artistId" INTEGER,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackRelease" (
    "trackId" TEXT NOT NULL,
    "releaseId" INTEGER NOT NULL,

    CONSTRAINT "TrackRelease_pkey" PRIMARY KEY ("trackId","releaseId")
);

-- CreateTable
CREATE TABLE "PlatformLink" (
    "id" SERIAL NOT NULL,
    "trackId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlatformLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Track_isrc_key" ON "Track"("isrc");

-- CreateIndex
CREATE UNIQUE INDEX "Artist_name_key" ON "Artist"("name");

-- CreateIndex
CREATE INDEX "TrackArtist_artistId_idx" ON "TrackArtist"("artistId");

-- CreateIndex
CREATE UNIQUE INDEX "Release_upc_key" ON "Release"("upc");

-- CreateIndex
CREATE INDEX "TrackRelease_releaseId_idx" ON "TrackRelease"("releaseId");

-- CreateIndex
CREATE INDEX "PlatformLink_trackId_idx" ON "PlatformLink"("trackId");

-- CreateIndex
CREATE UNIQUE INDEX "PlatformLink_platform_externalId_key" ON "PlatformLink"("platform", "externalId");

-- AddForeignKey
ALTER TABLE "TrackArtist" ADD CONSTRAINT "TrackArtist_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackArtist" ADD CONSTRAINT "TrackArtist_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackRelease" ADD CONSTRAINT "TrackRelease_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackRelease" ADD CONSTRAINT "TrackRelease_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlatformLink" ADD CONSTRAINT "PlatformLink_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;
