-- Schema 10: medskick (needs and questions the network carries upward) and bevakning (proposals the network keeps track of), with the medskick search index.
-- Codes are English like the other tables'; the Swedish words are in src/medskick/item.rs and src/proposals/proposal.rs.
CREATE TABLE medskick (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description         TEXT NOT NULL DEFAULT '',
    raised_by_member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
    municipality_code   TEXT REFERENCES municipalities(code),
    meeting_id          TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    addressee           TEXT NOT NULL DEFAULT 'fss'
                        CHECK (addressee IN ('fss', 'skr', 'government', 'socialstyrelsen', 'other')),
    status              TEXT NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'gathering', 'delivered', 'answered', 'closed')),
    delivered_on        TEXT,                        -- 'YYYY-MM-DD': when it was carried upward
    answered_on         TEXT,                        -- when the answer came
    closed_on           TEXT,
    answer              TEXT NOT NULL DEFAULT '',    -- the answer received
    sharing             TEXT NOT NULL DEFAULT 'network' CHECK (sharing IN ('network', 'open')),
    origin_installation_id TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX medskick_by_member ON medskick(raised_by_member_id);
CREATE INDEX medskick_by_meeting ON medskick(meeting_id);

CREATE TABLE medskick_themes (
    medskick_id TEXT NOT NULL REFERENCES medskick(id) ON DELETE CASCADE,
    theme_id    TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (medskick_id, theme_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE medskick_examples (
    medskick_id TEXT NOT NULL REFERENCES medskick(id) ON DELETE CASCADE,
    example_id  TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    PRIMARY KEY (medskick_id, example_id)
) STRICT, WITHOUT ROWID;

-- The medskick search index, built like the examples' (0002, 0004): Swedish letters stay letters,
-- prefixes are indexed, and facets holds one token per filter value: s<status>, a<addressee>,
-- d<sharing>, t<hex of theme id>, k<municipality code>.
CREATE VIRTUAL TABLE medskick_fts USING fts5(
    medskick_id UNINDEXED,
    title,
    description,
    answer,
    facets,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
INSERT INTO medskick_fts (medskick_fts, rank) VALUES ('secure-delete', 1);

CREATE TABLE proposals (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    reference          TEXT NOT NULL DEFAULT '',   -- 'SOU 2023:40', 'Ds 2024:3', 'prop. 2024/25:89', a remiss number
    responsible_body   TEXT NOT NULL DEFAULT '',   -- 'Socialdepartementet', 'Socialstyrelsen'
    published_on       TEXT,
    remiss_deadline    TEXT,
    decision_on        TEXT,
    in_force_on        TEXT,
    summary            TEXT NOT NULL DEFAULT '',
    assessment         TEXT NOT NULL DEFAULT '',   -- what it means for the first line, in the network's view
    assessment_sharing TEXT NOT NULL DEFAULT 'network' CHECK (assessment_sharing IN ('network', 'open')),
    status             TEXT NOT NULL DEFAULT 'watching'
                       CHECK (status IN ('watching', 'remiss', 'decided', 'in_force', 'closed')),
    origin_installation_id TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE proposal_links (
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    url         TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (proposal_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE proposal_medskick (
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    medskick_id TEXT NOT NULL REFERENCES medskick(id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, medskick_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE proposal_examples (
    proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    example_id  TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, example_id)
) STRICT, WITHOUT ROWID;
