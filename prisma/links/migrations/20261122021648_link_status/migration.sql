-- CreateEnum
CREATE TYPE "LinkState" AS ENUM ('FOUND', 'NOT_FOUND', 'PENDING', 'ERROR');

-- CreateTable
CREATE TABLE "LinkStatus" (
    "isrc" CHAR(12) NOT NULL,
    "platform" "Platform" NOT NULL,
    "state" "LinkState" NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,

    CONSTRAINT "LinkStatus_pkey" PRIMARY KEY ("isrc","platform")
);

-- CreateIndex
CREATE INDEX "LinkStatus_platform_state_checkedAt_idx" ON "LinkStatus"("platform", "state", "checkedAt");
