-- Schema 7: the senders this installation has accepted, by installation id with the public key they
-- sign with; whether they were accepted as hosts (only hosts may send the whole network).
CREATE TABLE exchange_senders (
    installation_id   TEXT PRIMARY KEY,
    public_key        TEXT NOT NULL,
    author_name       TEXT NOT NULL DEFAULT '',
    municipality_name TEXT,
    is_host           INTEGER NOT NULL DEFAULT 0 CHECK (is_host IN (0, 1)),
    accepted_at       TEXT NOT NULL
) STRICT;
