-- Schema 2: the full-text index over examples (title, summary, body, theme names, evaluation), kept in step by src/examples/search.rs.
-- remove_diacritics 0: å, ä and ö are letters of their own in Swedish ("får" is not "far"), so they must
-- not fold to a and o; unicode61 still folds case for every letter, so "TILLGÄNGLIG" matches "tillgänglig".
-- The table stores its own copy of the text (not contentless) so that snippet() and highlight() work.
CREATE VIRTUAL TABLE examples_fts USING fts5(
    example_id UNINDEXED,
    title,
    summary,
    body,
    themes,
    evaluation,
    tokenize = 'unicode61 remove_diacritics 0'
);
