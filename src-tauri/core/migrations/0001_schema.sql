-- Schema 1: every table of Nätverket (reference data, network settings, members, meetings, examples, themes, attendance, presentations).
-- Conventions: ids are UUID text; timestamps are UTC RFC 3339 text ('2024-01-24T14:00:00.000Z');
-- enumerations are stored as English codes and shown in Swedish by the UI.

-- PRAGMA application_id ('NATV') is set by the migration hook in src/store/migrations.rs from APPLICATION_ID.

-- The 21 län/regioner, SCB codes.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY CHECK (length(code) = 2),
    name        TEXT NOT NULL,              -- 'Stockholms län'
    region_name TEXT NOT NULL               -- 'Region Stockholm'
) STRICT;

-- The 290 kommuner, SCB 4-digit codes.
CREATE TABLE municipalities (
    code          TEXT PRIMARY KEY CHECK (length(code) = 4),
    name          TEXT NOT NULL,            -- official short name: 'Falun'
    official_name TEXT NOT NULL,            -- name the organisation uses: 'Falu kommun'
    region_code   TEXT NOT NULL REFERENCES regions(code)
) STRICT;
CREATE INDEX municipalities_by_region ON municipalities(region_code);

-- This installation's own identity (one row), used as provenance when exchanging bundles.
CREATE TABLE installation (
    singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
    id                TEXT NOT NULL UNIQUE,
    municipality_code TEXT REFERENCES municipalities(code),
    author_name       TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL
) STRICT;

-- The network and its settings (one row).
CREATE TABLE network (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    id               TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    short_name       TEXT NOT NULL DEFAULT '',
    organizer_name   TEXT NOT NULL DEFAULT '',
    organizer_email  TEXT NOT NULL DEFAULT '',
    default_start    TEXT NOT NULL DEFAULT '15:00',   -- 'HH:MM'
    default_end      TEXT NOT NULL DEFAULT '15:45',
    teams_url        TEXT NOT NULL DEFAULT '',
    time_zone        TEXT NOT NULL DEFAULT 'Europe/Stockholm',
    reminder_minutes INTEGER NOT NULL DEFAULT 15 CHECK (reminder_minutes BETWEEN 0 AND 10080),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    title             TEXT NOT NULL DEFAULT '',
    municipality_code TEXT REFERENCES municipalities(code),
    email             TEXT COLLATE NOCASE UNIQUE,     -- NULL once anonymised
    phone             TEXT NOT NULL DEFAULT '',
    fss_member        INTEGER NOT NULL DEFAULT 0 CHECK (fss_member IN (0, 1)),
    fss_verified_on   TEXT,                           -- 'YYYY-MM-DD'
    network_role      TEXT NOT NULL DEFAULT 'member' CHECK (network_role IN ('host', 'member')),
    status            TEXT NOT NULL DEFAULT 'interested' CHECK (status IN ('active', 'left', 'interested')),
    joined_on         TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    anonymised_at     TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (status <> 'active' OR fss_member = 1)
) STRICT;
CREATE INDEX members_by_municipality ON members(municipality_code);

CREATE TABLE meetings (
    id              TEXT PRIMARY KEY,
    ical_uid        TEXT NOT NULL UNIQUE,             -- stable calendar UID across exports
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    local_date      TEXT NOT NULL,                    -- 'YYYY-MM-DD' in time_zone
    start_time      TEXT NOT NULL,                    -- 'HH:MM' wall clock
    end_time        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,                    -- IANA, e.g. 'Europe/Stockholm'
    repeated_hour   TEXT NOT NULL DEFAULT 'earlier' CHECK (repeated_hour IN ('earlier', 'later')),
    start_utc       TEXT NOT NULL,                    -- derived from the four above
    end_utc         TEXT NOT NULL,
    teams_url       TEXT NOT NULL DEFAULT '',
    agenda          TEXT NOT NULL DEFAULT '',
    focus           TEXT NOT NULL DEFAULT '',         -- short public text: what the meeting was about
    notes           TEXT NOT NULL DEFAULT '',         -- minutes
    notes_status    TEXT NOT NULL DEFAULT 'draft' CHECK (notes_status IN ('draft', 'final')),
    status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason   TEXT NOT NULL DEFAULT '',
    sequence        INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (end_utc > start_utc)
) STRICT;
CREATE INDEX meetings_by_start ON meetings(start_utc);

CREATE TABLE meeting_hosts (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE themes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE examples (
    id                TEXT PRIMARY KEY,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    summary           TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL DEFAULT '',
    contact_member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
    stage             TEXT NOT NULL DEFAULT 'idea' CHECK (stage IN ('idea', 'planned', 'implemented', 'evaluated')),
    started_on        TEXT,
    evaluation        TEXT NOT NULL DEFAULT '',
    origin_installation_id TEXT,                      -- the installation where it was logged
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE example_municipalities (
    example_id        TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL REFERENCES municipalities(code),
    PRIMARY KEY (example_id, municipality_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX example_municipalities_by_code ON example_municipalities(municipality_code);

CREATE TABLE example_themes (
    example_id TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    theme_id   TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (example_id, theme_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX example_themes_by_theme ON example_themes(theme_id);

CREATE TABLE example_links (
    example_id TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (example_id, position)
) STRICT, WITHOUT ROWID;

-- Who presented what at which meeting.
CREATE TABLE presentations (
    id                TEXT PRIMARY KEY,
    meeting_id        TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    example_id        TEXT REFERENCES examples(id) ON DELETE CASCADE,
    member_id         TEXT REFERENCES members(id) ON DELETE SET NULL,
    municipality_code TEXT REFERENCES municipalities(code),
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX presentations_by_meeting ON presentations(meeting_id);
CREATE INDEX presentations_by_example ON presentations(example_id);

-- Deleted records, kept so that deletions travel between installations.
CREATE TABLE tombstones (
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (entity, id)
) STRICT, WITHOUT ROWID;
