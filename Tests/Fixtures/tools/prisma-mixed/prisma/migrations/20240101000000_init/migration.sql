-- CreateTable
CREATE TABLE "User" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
