-- CreateTable
CREATE TABLE "CatalogImport" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogImport_pkey" PRIMARY KEY ("id")
);
