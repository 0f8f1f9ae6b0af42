-- Schema 3: bookkeeping for exchanging bundles between installations (peers, per-record sync state, conflicts).

-- Installations whose bundles we have imported: who they are and when we last heard from them.
CREATE TABLE exchange_peers (
    installation_id         TEXT PRIMARY KEY,
    municipality_code       TEXT,
    author_name             TEXT NOT NULL DEFAULT '',
    last_bundle_exported_at TEXT,                     -- the export time written in their newest bundle
    last_imported_at        TEXT NOT NULL,            -- when we last imported one of their bundles
    last_exported_at        TEXT                      -- when we last wrote a bundle for them (sync folder)
) STRICT;

-- The state of each record as it was at its last exchange (import or export): a SHA-256 of its
-- canonical JSON, or 'deleted'. A record whose current hash differs was changed locally since then;
-- a record listed here that no longer exists was deleted locally and gets a tombstone.
CREATE TABLE exchange_state (
    entity      TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    synced_hash TEXT NOT NULL,
    PRIMARY KEY (entity, record_key)
) STRICT, WITHOUT ROWID;

-- Conflicts found on import (both sides changed since the last exchange): the version that won by
-- last-writer-wins and the one that lost, kept so that nothing is dropped silently.
CREATE TABLE exchange_conflicts (
    id              TEXT PRIMARY KEY,
    entity          TEXT NOT NULL,
    record_key      TEXT NOT NULL,
    label           TEXT NOT NULL,
    winner          TEXT NOT NULL CHECK (winner IN ('local', 'incoming')),
    kept_version    TEXT NOT NULL,                    -- JSON, or 'deleted'
    lost_version    TEXT NOT NULL,                    -- JSON, or 'deleted'
    from_installation_id TEXT NOT NULL,
    detected_at     TEXT NOT NULL
) STRICT;
CREATE INDEX exchange_conflicts_by_record ON exchange_conflicts(entity, record_key);
