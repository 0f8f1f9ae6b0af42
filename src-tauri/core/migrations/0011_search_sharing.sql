-- Schema 11: the search index gets a facet token for each example's sharing level, so "Delning" filters like the other facets.
-- facets gains d<sharing> (dnetwork, dopen). The index is rebuilt here from the stored examples, with the same content
-- src/examples/index.rs writes (a frozen copy, as in 0004: later changes to the index get a migration of their own).
-- Dropping and creating the table again is the fastest way to rebuild it (no deletions to record); its settings and row
-- numbers in creation order are kept as 0004 made them, and the fts5vocab tables read the new table by name.
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

INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO examples_fts (examples_fts, rank) VALUES ('automerge', 8);

DELETE FROM example_search_rows;

INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
SELECT row_number() OVER (ORDER BY e.created_at, e.rowid), e.id, e.title, e.summary, e.body,
    coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
              WHERE et.example_id = e.id), ''),
    e.evaluation,
    's' || e.stage || ' d' || e.sharing
        || coalesce((SELECT group_concat(' t' || lower(hex(et.theme_id)), '') FROM example_themes et WHERE et.example_id = e.id), '')
        || coalesce((SELECT group_concat(' k' || em.municipality_code || ' l' || m.region_code, '')
                     FROM example_municipalities em JOIN municipalities m ON m.code = em.municipality_code
                     WHERE em.example_id = e.id), '')
FROM examples e;

INSERT INTO example_search_rows (example_id, fts_rowid) SELECT example_id, rowid FROM examples_fts;
