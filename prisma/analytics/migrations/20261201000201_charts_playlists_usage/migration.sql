-- CreateEnum
CREATE TYPE "ChartPlatform" AS ENUM ('SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'SHAZAM');

-- CreateEnum
CREATE TYPE "ChartType" AS ENUM ('STREAMS', 'VIRAL', 'TOP', 'SHAZAMS', 'DISCOVERY');

-- CreateEnum
CREATE TYPE "ChartFrequency" AS ENUM ('DAILY', 'WEEKLY');

-- CreateEnum
CREATE TYPE "PlaylistPlatform" AS ENUM ('SPOTIFY', 'APPLE_MUSIC', 'DEEZER');

-- CreateTable
CREATE TABLE "ShazamCount" (
    "isrc" CHAR(12) NOT NULL,
    "date" DATE NOT NULL,
    "total" BIGINT NOT NULL,

    CONSTRAINT "ShazamCount_pkey" PRIMARY KEY ("isrc","date")
);

-- CreateTable
CREATE TABLE "Chart" (
    "id" SERIAL NOT NULL,
    "platform" "ChartPlatform" NOT NULL,
    "country" VARCHAR(6) NOT NULL,
    "type" "ChartType" NOT NULL,
    "frequency" "ChartFrequency" NOT NULL,
    "genre" VARCHAR(100) NOT NULL DEFAULT '',
    "city" VARCHAR(100) NOT NULL DEFAULT '',
    "latestDate" DATE,

    CONSTRAINT "Chart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChartEntry" (
    "chartId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "position" INTEGER NOT NULL,
    "isrc" CHAR(12),
    "externalId" VARCHAR(64),
    "trackName" VARCHAR(500) NOT NULL DEFAULT '',
    "artistNames" VARCHAR(500) NOT NULL DEFAULT '',
    "streams" BIGINT,
    "statedPrevious" INTEGER,

    CONSTRAINT "ChartEntry_pkey" PRIMARY KEY ("chartId","date","position")
);

-- CreateTable
CREATE TABLE "Playlist" (
    "id" SERIAL NOT NULL,
    "platform" "PlaylistPlatform" NOT NULL,
    "externalId" VARCHAR(100) NOT NULL,
    "name" VARCHAR(500) NOT NULL DEFAULT '',
    "artworkUrl" VARCHAR(1000),
    "followers" INTEGER,
    "snapshotDate" DATE,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Playlist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaylistFollowers" (
    "playlistId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "followers" INTEGER NOT NULL,

    CONSTRAINT "PlaylistFollowers_pkey" PRIMARY KEY ("playlistId","date")
);

-- CreateTable
CREATE TABLE "PlaylistPlacement" (
    "playlistId" INTEGER NOT NULL,
    "isrc" CHAR(12) NOT NULL,
    "country" VARCHAR(2) NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "addedAt" DATE,

    CONSTRAINT "PlaylistPlacement_pkey" PRIMARY KEY ("playlistId","isrc","country")
);

-- CreateTable
CREATE TABLE "UsageMonth" (
    "accountId" VARCHAR(200) NOT NULL,
    "month" DATE NOT NULL,
    "entities" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageMonth_pkey" PRIMARY KEY ("accountId","month")
);

-- CreateTable
CREATE TABLE "EntityUsage" (
    "accountId" VARCHAR(200) NOT NULL,
    "month" DATE NOT NULL,
    "entity" VARCHAR(200) NOT NULL,
    "firstUsedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntityUsage_pkey" PRIMARY KEY ("accountId","month","entity")
);

-- CreateIndex
CREATE UNIQUE INDEX "Chart_platform_country_type_frequency_genre_city_key" ON "Chart"("platform", "country", "type", "frequency", "genre", "city");

-- CreateIndex
CREATE INDEX "ChartEntry_isrc_chartId_date_idx" ON "ChartEntry"("isrc", "chartId", "date");

-- CreateIndex
CREATE INDEX "ChartEntry_externalId_idx" ON "ChartEntry"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Playlist_platform_externalId_key" ON "Playlist"("platform", "externalId");

-- CreateIndex
CREATE INDEX "PlaylistPlacement_isrc_idx" ON "PlaylistPlacement"("isrc");

-- AddForeignKey
ALTER TABLE "ChartEntry" ADD CONSTRAINT "ChartEntry_chartId_fkey" FOREIGN KEY ("chartId") REFERENCES "Chart"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaylistFollowers" ADD CONSTRAINT "PlaylistFollowers_playlistId_fkey" FOREIGN KEY ("playlistId") REFERENCES "Playlist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaylistPlacement" ADD CONSTRAINT "PlaylistPlacement_playlistId_fkey" FOREIGN KEY ("playlistId") REFERENCES "Playlist"("id") ON DELETE CASCADE ON UPDATE CASCADE;
