-- Schema 12: incremental exchange through a shared folder. Each installation writes numbered,
-- never rewritten files there (changes, and a full snapshot when one is needed); these tables say
-- what this installation wrote and read in each folder, so that it opens only files it has not read.

-- This installation's own files in a folder: the number of its latest file and when it was written
-- (changes after that time go into the next file).
CREATE TABLE exchange_folder_own (
    folder     TEXT PRIMARY KEY,
    last_seq   INTEGER NOT NULL,
    written_at TEXT NOT NULL
) STRICT;

-- Every other installation seen in a folder: how far this installation has read its files, and how
-- far it says it has read ours (from its latest file), so that files all have read can be removed.
CREATE TABLE exchange_folder_peers (
    folder          TEXT NOT NULL,
    installation_id TEXT NOT NULL,
    read_seq        INTEGER NOT NULL DEFAULT 0,
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (folder, installation_id)
) STRICT;

-- Files with other names (copied in by hand) already read, by name and content hash.
CREATE TABLE exchange_folder_files (
    folder       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (folder, file_name)
) STRICT;

-- Mail flow: when a record last arrived here from another installation (so that a file of
-- "changes since the last file to this recipient" carries what was learned from others too), and
-- when the last file went to each recipient.
ALTER TABLE exchange_state ADD COLUMN arrived_at TEXT;
CREATE TABLE exchange_recipients (
    recipient    TEXT PRIMARY KEY,
    last_sent_at TEXT NOT NULL
) STRICT;

-- A round with nothing changed looks for examples edited since the last file without reading them all.
CREATE INDEX examples_by_updated ON examples(updated_at);
