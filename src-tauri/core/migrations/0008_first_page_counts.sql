-- Schema 8: counts the first pages show (examples in all, per theme, municipality and region), kept up to date by triggers so that Exempel and Kommuner read them instead of counting rows.
--
-- Facets: 'all'; 't' || theme id; 'm' || municipality code; 'l' || region code (an example from two
-- municipalities of one region counts once for the region). Every write path (the forms, imports,
-- the exchange, erasure, the demo generator, cascades from deleted examples and themes) goes
-- through these tables, so the triggers see every change; tests compare the counts with counted rows.
CREATE TABLE example_counts (
    facet TEXT PRIMARY KEY,
    count INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO example_counts (facet, count) SELECT 'all', count(*) FROM examples;
INSERT INTO example_counts (facet, count)
    SELECT 't' || theme_id, count(*) FROM example_themes GROUP BY theme_id;
INSERT INTO example_counts (facet, count)
    SELECT 'm' || municipality_code, count(*) FROM example_municipalities GROUP BY municipality_code;
INSERT INTO example_counts (facet, count)
    SELECT 'l' || mu.region_code, count(DISTINCT em.example_id)
    FROM example_municipalities em JOIN municipalities mu ON mu.code = em.municipality_code
    GROUP BY mu.region_code;

CREATE TRIGGER example_counts_example_added AFTER INSERT ON examples BEGIN
    INSERT INTO example_counts (facet, count) VALUES ('all', 1)
        ON CONFLICT (facet) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER example_counts_example_removed AFTER DELETE ON examples BEGIN
    UPDATE example_counts SET count = count - 1 WHERE facet = 'all';
END;

CREATE TRIGGER example_counts_theme_added AFTER INSERT ON example_themes BEGIN
    INSERT INTO example_counts (facet, count) VALUES ('t' || NEW.theme_id, 1)
        ON CONFLICT (facet) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER example_counts_theme_removed AFTER DELETE ON example_themes BEGIN
    UPDATE example_counts SET count = count - 1 WHERE facet = 't' || OLD.theme_id;
END;

CREATE TRIGGER example_counts_municipality_added AFTER INSERT ON example_municipalities BEGIN
    INSERT INTO example_counts (facet, count) VALUES ('m' || NEW.municipality_code, 1)
        ON CONFLICT (facet) DO UPDATE SET count = count + 1;
    -- The region counts the example once: only when this is its first municipality there.
    INSERT INTO example_counts (facet, count)
        SELECT 'l' || mu.region_code, 1 FROM municipalities mu
        WHERE mu.code = NEW.municipality_code
          AND NOT EXISTS (
              SELECT 1 FROM example_municipalities other
              JOIN municipalities other_mu ON other_mu.code = other.municipality_code
              WHERE other.example_id = NEW.example_id
                AND other.municipality_code <> NEW.municipality_code
                AND other_mu.region_code = mu.region_code)
        ON CONFLICT (facet) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER example_counts_municipality_removed AFTER DELETE ON example_municipalities BEGIN
    UPDATE example_counts SET count = count - 1 WHERE facet = 'm' || OLD.municipality_code;
    -- The region loses the example only with its last municipality there.
    UPDATE example_counts SET count = count - 1
        WHERE facet = (SELECT 'l' || region_code FROM municipalities WHERE code = OLD.municipality_code)
          AND NOT EXISTS (
              SELECT 1 FROM example_municipalities other
              JOIN municipalities other_mu ON other_mu.code = other.municipality_code
              WHERE other.example_id = OLD.example_id
                AND other_mu.region_code = (SELECT region_code FROM municipalities WHERE code = OLD.municipality_code));
END;

-- Översikt reads the meetings on either side of now by their end time.
CREATE INDEX meetings_by_end ON meetings(end_utc);
