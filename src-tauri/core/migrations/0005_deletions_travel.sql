-- Schema 5: deletions are recorded under the names the exchange reads (the table names `members` and
-- `examples`); earlier versions wrote `member` and `example`, so those deletions never travelled.
-- Of two tombstones for one record, the later deletion time is kept.
INSERT INTO tombstones (entity, id, deleted_at)
    SELECT entity || 's', id, deleted_at FROM tombstones WHERE entity IN ('member', 'example')
    ON CONFLICT (entity, id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at);
DELETE FROM tombstones WHERE entity IN ('member', 'example');

-- Deleted index entries are removed from the index's pages for good (FTS5 secure-delete), not
-- only marked, so erased text leaves the database file.
INSERT INTO examples_fts (examples_fts, rank) VALUES ('secure-delete', 1);
