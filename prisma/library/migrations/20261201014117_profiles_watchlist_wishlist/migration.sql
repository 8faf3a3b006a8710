-- CreateTable
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "avatarColor" TEXT NOT NULL DEFAULT '#6366f1',
    "avatarUrl" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "defaultFor" TEXT,
    "pinHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WatchlistArtist" (
    "id" SERIAL NOT NULL,
    "profileId" INTEGER NOT NULL,
    "artistName" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "spotifyArtistId" TEXT,
    "itunesArtistId" TEXT,
    "imageUrl" TEXT,
    "includeAlbums" BOOLEAN NOT NULL DEFAULT true,
    "includeEps" BOOLEAN NOT NULL DEFAULT true,
    "includeSingles" BOOLEAN NOT NULL DEFAULT true,
    "includeLive" BOOLEAN NOT NULL DEFAULT false,
    "includeRemixes" BOOLEAN NOT NULL DEFAULT false,
    "includeAcoustic" BOOLEAN NOT NULL DEFAULT false,
    "includeCompilations" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WatchlistArtist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WishlistTrack" (
    "id" SERIAL NOT NULL,
    "profileId" INTEGER NOT NULL,
    "itemKey" TEXT NOT NULL,
    "isrc" CHAR(12),
    "source" TEXT,
    "externalId" TEXT,
    "title" TEXT,
    "artistName" TEXT,
    "albumName" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WishlistTrack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Profile_defaultFor_key" ON "Profile"("defaultFor");

-- CreateIndex
CREATE INDEX "Profile_accountId_id_idx" ON "Profile"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_accountId_nameKey_key" ON "Profile"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "WatchlistArtist_profileId_id_idx" ON "WatchlistArtist"("profileId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WatchlistArtist_profileId_nameKey_key" ON "WatchlistArtist"("profileId", "nameKey");

-- CreateIndex
CREATE INDEX "WishlistTrack_profileId_id_idx" ON "WishlistTrack"("profileId", "id");

-- CreateIndex
CREATE INDEX "WishlistTrack_isrc_idx" ON "WishlistTrack"("isrc");

-- CreateIndex
CREATE UNIQUE INDEX "WishlistTrack_profileId_itemKey_key" ON "WishlistTrack"("profileId", "itemKey");

-- AddForeignKey
ALTER TABLE "WatchlistArtist" ADD CONSTRAINT "WatchlistArtist_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WishlistTrack" ADD CONSTRAINT "WishlistTrack_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
