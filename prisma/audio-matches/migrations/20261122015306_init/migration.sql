-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "TrackMatch" (
    "id" SERIAL NOT NULL,
    "trackId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "isCover" BOOLEAN NOT NULL,
    "title" TEXT NOT NULL,
    "albumTitle" TEXT,
    "isrc" CHAR(12),
    "albumUpc" TEXT,
    "iswc" TEXT,
    "label" TEXT,
    "releaseDate" DATE,
    "youtubeId" TEXT,
    "spotifyId" TEXT,
    "spotifyTitle" TEXT,
    "spotifyAlbumId" TEXT,
    "spotifyAlbumName" TEXT,
    "appleId" TEXT,
    "deezerId" TEXT,
    "deezerTitle" TEXT,
    "deezerAlbumId" TEXT,
    "deezerAlbumName" TEXT,
    "confidenceScore" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackMatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrackMatch_trackId_id_idx" ON "TrackMatch"("trackId", "id");

-- CreateIndex
CREATE INDEX "TrackMatch_isrc_idx" ON "TrackMatch"("isrc");
