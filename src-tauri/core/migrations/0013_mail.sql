-- Schema 13: the SMTP server invitations are sent through (never its password: that lives in the OS keyring),
-- and members' answers to invitations (iTIP REPLY), one per member per meeting.

CREATE TABLE smtp_settings (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    host          TEXT NOT NULL DEFAULT '',
    port          INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security      TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
    username      TEXT NOT NULL DEFAULT '',
    from_address  TEXT NOT NULL DEFAULT '',
    -- 'each': one message per recipient; 'bcc': the same message to all, nobody's address shown.
    delivery      TEXT NOT NULL DEFAULT 'each' CHECK (delivery IN ('each', 'bcc')),
    updated_at    TEXT NOT NULL DEFAULT ''
);
INSERT INTO smtp_settings (singleton) VALUES (1);

CREATE TABLE meeting_answers (
    meeting_id    TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    answer        TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    -- When the member answered (the reply's DTSTAMP, or when the host set it by hand).
    answered_at   TEXT NOT NULL,
    -- The reply's SEQUENCE; a reply to an older invitation never overrides one to a newer.
    sequence      INTEGER NOT NULL DEFAULT 0,
    -- 'reply' (imported from the member's calendar) or 'manual' (set by the host).
    source        TEXT NOT NULL CHECK (source IN ('reply', 'manual')),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
CREATE INDEX meeting_answers_member ON meeting_answers(member_id);
