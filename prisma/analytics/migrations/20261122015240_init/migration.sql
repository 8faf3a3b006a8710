-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "SpotifyStreamCount" (
    "isrc" CHAR(12) NOT NULL,
    "date" DATE NOT NULL,
    "total" BIGINT NOT NULL,

    CONSTRAINT "SpotifyStreamCount_pkey" PRIMARY KEY ("isrc","date")
);
