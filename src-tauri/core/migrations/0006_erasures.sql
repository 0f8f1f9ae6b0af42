-- Schema 6: the erasure log. Every member anonymised or deleted here (GDPR) is noted by id, so that
-- restoring an older backup can apply the erasures made since. Ids only: no personal data.
CREATE TABLE erasures (
    member_id TEXT PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('anonymised', 'deleted')),
    erased_at TEXT NOT NULL
) STRICT;
