-- CreateTable
CREATE TABLE "LiftedConstraint" (
    "name" TEXT NOT NULL,
    "tableName" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "liftedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiftedConstraint_pkey" PRIMARY KEY ("name")
);
