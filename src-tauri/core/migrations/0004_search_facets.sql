-- Schema 4: a faster search index. Filters become tokens in the index, rows are kept in creation order, prefixes are indexed.
-- The index is rebuilt here from the stored examples with the same content src/examples/search.rs writes (a frozen copy:
-- later changes to the index get a migration of their own).
--
-- facets: one token per filter value, so a filter is an FTS5 term (fast to intersect and to count):
--   t<hex of the theme id>, k<municipality code>, l<region code>, s<stage code>.
-- rowid: the example's place in creation order (created_at, then the order rows were written), so "newest first" is a walk backwards over the
--   index that can stop after one page; example_search_rows maps an example to its rowid.
-- prefix '2 3': what a person types while the list updates ("sa", "sam") is looked up directly.
DROP TABLE examples_fts;

CREATE VIRTUAL TABLE examples_fts USING fts5(
    example_id UNINDEXED,
    title,
    summary,
    body,
    themes,
    evaluation,
    facets,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- Bulk index builds (an import, an upgrade): FTS5 keeps up to 16 MB of new index data in memory
-- before writing a segment (default 1 MB), and merges segments once 8 of a size exist (default 4).
-- Rebuilding the index of 100,000 examples takes about half the time; searches are as fast.
INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO examples_fts (examples_fts, rank) VALUES ('automerge', 8);

-- Document counts per term and column: the Exempel overview reads its counts per theme and region here.
CREATE VIRTUAL TABLE example_search_terms USING fts5vocab(examples_fts, col);
-- The indexed words: a typed word is expanded to the words it begins (search.rs).
CREATE VIRTUAL TABLE example_search_words USING fts5vocab(examples_fts, row);

CREATE TABLE example_search_rows (
    example_id TEXT PRIMARY KEY,
    fts_rowid  INTEGER NOT NULL UNIQUE
) STRICT, WITHOUT ROWID;

CREATE INDEX examples_by_created ON examples(created_at, id);

INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
SELECT row_number() OVER (ORDER BY e.created_at, e.rowid), e.id, e.title, e.summary, e.body,
    coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
              WHERE et.example_id = e.id), ''),
    e.evaluation,
    's' || e.stage
        || coalesce((SELECT group_concat(' t' || lower(hex(et.theme_id)), '') FROM example_themes et WHERE et.example_id = e.id), '')
        || coalesce((SELECT group_concat(' k' || em.municipality_code || ' l' || m.region_code, '')
                     FROM example_municipalities em JOIN municipalities m ON m.code = em.municipality_code
                     WHERE em.example_id = e.id), '')
FROM examples e;

INSERT INTO example_search_rows (example_id, fts_rowid) SELECT example_id, rowid FROM examples_fts;
