-- Schema 15: rows deleted here, noted by triggers as they go. An exchanged record deleted without a
-- tombstone gets one before the next export or merge (exchange/merge.rs, record_local_deletions);
-- with this note that looks only at what was deleted since, not at every record ever exchanged,
-- so that a sync round costs the change and not the size of the network.

CREATE TABLE exchange_deleted_rows (
    entity     TEXT NOT NULL,
    record_key TEXT NOT NULL,
    PRIMARY KEY (entity, record_key)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER themes_deleted_for_exchange AFTER DELETE ON themes
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'themes' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('themes', OLD.id);
END;

CREATE TRIGGER members_deleted_for_exchange AFTER DELETE ON members
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'members' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('members', OLD.id);
END;

CREATE TRIGGER meetings_deleted_for_exchange AFTER DELETE ON meetings
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'meetings' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('meetings', OLD.id);
END;

CREATE TRIGGER examples_deleted_for_exchange AFTER DELETE ON examples
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'examples' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('examples', OLD.id);
END;

CREATE TRIGGER presentations_deleted_for_exchange AFTER DELETE ON presentations
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'presentations' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('presentations', OLD.id);
END;

CREATE TRIGGER medskick_deleted_for_exchange AFTER DELETE ON medskick
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'medskick' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('medskick', OLD.id);
END;

CREATE TRIGGER proposals_deleted_for_exchange AFTER DELETE ON proposals
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'proposals' AND record_key = OLD.id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('proposals', OLD.id);
END;

CREATE TRIGGER attendance_deleted_for_exchange AFTER DELETE ON attendance
WHEN EXISTS (SELECT 1 FROM exchange_state WHERE entity = 'attendance' AND record_key = OLD.meeting_id || '/' || OLD.member_id)
BEGIN
    INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key) VALUES ('attendance', OLD.meeting_id || '/' || OLD.member_id);
END;

-- What was deleted before this schema and has no tombstone yet is noted once, here.
INSERT OR IGNORE INTO exchange_deleted_rows (entity, record_key)
SELECT s.entity, s.record_key FROM exchange_state s
WHERE s.synced_hash <> 'deleted' AND (
    (s.entity = 'themes' AND NOT EXISTS (SELECT 1 FROM themes WHERE id = s.record_key))
    OR (s.entity = 'members' AND NOT EXISTS (SELECT 1 FROM members WHERE id = s.record_key))
    OR (s.entity = 'meetings' AND NOT EXISTS (SELECT 1 FROM meetings WHERE id = s.record_key))
    OR (s.entity = 'examples' AND NOT EXISTS (SELECT 1 FROM examples WHERE id = s.record_key))
    OR (s.entity = 'presentations' AND NOT EXISTS (SELECT 1 FROM presentations WHERE id = s.record_key))
    OR (s.entity = 'medskick' AND NOT EXISTS (SELECT 1 FROM medskick WHERE id = s.record_key))
    OR (s.entity = 'proposals' AND NOT EXISTS (SELECT 1 FROM proposals WHERE id = s.record_key))
    OR (s.entity = 'attendance' AND NOT EXISTS (SELECT 1 FROM attendance
        WHERE meeting_id = substr(s.record_key, 1, instr(s.record_key, '/') - 1)
          AND member_id = substr(s.record_key, instr(s.record_key, '/') + 1)))
);
