-- expect-dropped: Events_Mixed_Idx, ünïcode_idx, idx$1$
-- naive-concurrently: runs
drop index if exists "Events_Mixed_Idx" restrict;
DROP /* the missing one */ INDEX IF EXISTS missing_idx;
Drop Index "ünïcode_idx";  -- café ☕
DROP INDEX "idx$1$";
