-- CreateTable
CREATE TABLE "ChartPeak" (
    "isrc" CHAR(12) NOT NULL,
    "chartId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "date" DATE NOT NULL,

    CONSTRAINT "ChartPeak_pkey" PRIMARY KEY ("isrc","chartId")
);

-- AddForeignKey
ALTER TABLE "ChartPeak" ADD CONSTRAINT "ChartPeak_chartId_fkey" FOREIGN KEY ("chartId") REFERENCES "Chart"("id") ON DELETE CASCADE ON UPDATE CASCADE;
