//! Full-text search over examples (SQLite FTS5): the index's SQL, safe query building, ranking, snippets and filters.
//!
//! The index `examples_fts` (migrations 0002 and 0006) holds a copy of each example's title,
//! summary, body, theme names and evaluation, plus a `facets` column with one token per filter value
//! (`t<hex of theme id>`, `k<municipality code>`, `l<region code>`, `s<stage>`). It is rewritten by
//! [`reindex_example`] in the same transaction as every change. User input is never passed to FTS5
//! as syntax: each word becomes quoted terms, searched in the text columns only.
//!
//! Speed at 100,000 examples comes from these choices: filters are index terms (intersected and
//! counted inside FTS5, no joins); index rows are numbered in creation order (`example_search_rows`
//! keeps each example's number), so "newest first" reads one page backwards and stops; a typed word
//! of four letters or more becomes the indexed words it begins (read lazily), shorter ones use the
//! prefix index; hits are counted up to [`MOST_COUNTED_HITS`]; and when a search finds more than
//! [`MOST_RANKED_HITS`] examples, it lists them newest first instead of scoring every one of them
//! with bm25 (the UI then suggests adding a word).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::examples::{self, ExampleSummary, Stage};

/// Marks the start and end of a highlighted match inside snippet text. Control characters are
/// refused in all stored text (see `validate::optional_text`), so they cannot clash with user data.
const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';

/// Ranking weights per index column (example_id, title, summary, body, themes, evaluation, facets):
/// a word in the title counts most, then the summary and theme names.
const BM25_WEIGHTS: &str = "0.0, 10.0, 4.0, 1.0, 3.0, 1.0, 0.0";

/// The columns a person's words are looked for in (never the facet tokens).
const TEXT_COLUMNS: &str = "{title summary body themes evaluation}";

/// Default and largest page size.
pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// Searches finding up to this many examples are ordered by relevance (bm25 over all of them, a
/// few milliseconds); broader ones are listed newest first.
pub const MOST_RANKED_HITS: i64 = 1_000;

/// Hits are counted up to this number; beyond it the total is shown as "more than".
pub const MOST_COUNTED_HITS: i64 = 10_000;

/// The index row of the examples `e` (after `example_id`): text columns, then the facet tokens.
const INDEX_COLUMNS: &str = "e.id, e.title, e.summary, e.body,
     coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
               WHERE et.example_id = e.id), ''),
     e.evaluation,
     's' || e.stage
         || coalesce((SELECT group_concat(' t' || lower(hex(et.theme_id)), '') FROM example_themes et WHERE et.example_id = e.id), '')
         || coalesce((SELECT group_concat(' k' || em.municipality_code || ' l' || m.region_code, '')
                      FROM example_municipalities em JOIN municipalities m ON m.code = em.municipality_code
                      WHERE em.example_id = e.id), '')";

/// Rewrites the index entry of one example from its stored rows (call inside the writing transaction).
/// An example keeps its place in the creation order; a new one goes last (newest).
pub(crate) fn reindex_example(tx: &Transaction, example_id: &str) -> Result<()> {
    let rowid = match index_row_of(tx, example_id)? {
        Some(rowid) => {
            tx.execute("DELETE FROM examples_fts WHERE rowid = ?1", [rowid])?;
            rowid
        }
        None => {
            let next: i64 =
                tx.query_row("SELECT coalesce(max(fts_rowid), 0) + 1 FROM example_search_rows", [], |row| row.get(0))?;
            tx.execute(
                "INSERT INTO example_search_rows (example_id, fts_rowid) VALUES (?1, ?2)",
                params![example_id, next],
            )?;
            next
        }
    };
    tx.execute(
        &format!(
            "INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
             SELECT ?2, {INDEX_COLUMNS} FROM examples e WHERE e.id = ?1"
        ),
        params![example_id, rowid],
    )?;
    Ok(())
}

fn index_row_of(conn: &Connection, example_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT fts_rowid FROM example_search_rows WHERE example_id = ?1", [example_id], |row| row.get(0))
        .optional()?)
}

/// Rebuilds the whole index from the stored examples, in one transaction: after bulk writes that
/// bypass [`reindex_example`] (generated scale data, an exchange that wrote rows directly).
pub fn reindex_all(db: &mut crate::Database) -> Result<usize> {
    db.write(|tx| rebuild_index(tx))
}

/// Rebuilds the index inside the caller's transaction (the exchange does this after a merge),
/// numbering the rows in creation order.
pub fn rebuild_index(conn: &Connection) -> Result<usize> {
    conn.execute("DELETE FROM examples_fts", [])?;
    conn.execute("DELETE FROM example_search_rows", [])?;
    let indexed = conn.execute(
        &format!(
            "INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
             SELECT row_number() OVER (ORDER BY e.created_at, e.rowid), {INDEX_COLUMNS} FROM examples e"
        ),
        [],
    )?;
    conn.execute(
        "INSERT INTO example_search_rows (example_id, fts_rowid) SELECT example_id, rowid FROM examples_fts",
        [],
    )?;
    Ok(indexed)
}

/// Removes an example from the index.
pub(crate) fn remove_example(tx: &Transaction, example_id: &str) -> Result<()> {
    if let Some(rowid) = index_row_of(tx, example_id)? {
        tx.execute("DELETE FROM examples_fts WHERE rowid = ?1", [rowid])?;
        tx.execute("DELETE FROM example_search_rows WHERE example_id = ?1", [example_id])?;
    }
    Ok(())
}

/// Re-indexes every example filed under a theme (after the theme was renamed).
pub(crate) fn reindex_examples_with_theme(tx: &Transaction, theme_id: &str) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare("SELECT example_id FROM example_themes WHERE theme_id = ?1")?
        .query_map([theme_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        reindex_example(tx, &id)?;
    }
    Ok(())
}

/// The facet token of a theme: `t` and the hex of its id (any id becomes one index term).
pub fn theme_facet(theme_id: &str) -> String {
    let hex: String = theme_id.bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("t{hex}")
}

/// The facet token of a municipality (`k2080`) or a region (`l20`); anything but letters and
/// digits is dropped, so a filter value can never become FTS5 syntax.
fn code_facet(kind: char, code: &str) -> String {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect();
    format!("{kind}{code}")
}

/// An upper bound for the index terms that begin with `prefix`: they sort from `prefix` up to here.
fn beyond_words_beginning(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// How many examples carry each facet token starting with `kind` (`t`, `k`, `l` or `s`), read from
/// the index's own term statistics (no scan of the examples).
pub(crate) fn facet_counts(conn: &Connection, kind: char) -> Result<HashMap<String, i64>> {
    let kind = kind.to_string();
    let beyond = beyond_words_beginning(&kind);
    let mut statement =
        conn.prepare("SELECT term, doc FROM example_search_terms WHERE col = 'facets' AND term >= ?1 AND term < ?2")?;
    let rows = statement.query_map([kind, beyond], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Words shorter than this are searched as prefixes through the prefix index ("sa", "sam"); longer
/// ones are expanded to the indexed words they begin ("skolan" → skolan, skolans), which FTS5 reads
/// lazily, page by page, where a prefix query would first merge every matching word's whole list.
const SHORTEST_EXPANDED_WORD: usize = 4;

/// A word beginning more indexed words than this is searched as a prefix instead.
const MOST_EXPANSIONS: usize = 64;

/// The FTS5 query for what a person typed, in the text columns: every word required, each as the
/// indexed words it begins. `None` when nothing searchable is left.
///
/// Words are split where unicode61 splits them (anything not a letter or digit), so FTS syntax
/// (`"`, `*`, `(`, `-`, `:`, `^`) can never reach the parser, and `NEAR`, `AND`, `OR`, `NOT` are
/// plain words.
fn text_expression(conn: &Connection, user_text: &str) -> Result<Option<String>> {
    let mut words_sql =
        conn.prepare_cached("SELECT term FROM example_search_words WHERE term >= ?1 AND term < ?2 LIMIT ?3")?;
    let mut parts = Vec::new();
    for word in user_text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()) {
        let word = word.to_lowercase();
        if word.chars().count() < SHORTEST_EXPANDED_WORD {
            parts.push(format!("\"{word}\"*"));
            continue;
        }
        let words: Vec<String> = words_sql
            .query_map(params![word, beyond_words_beginning(&word), MOST_EXPANSIONS as i64 + 1], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if words.is_empty() || words.len() > MOST_EXPANSIONS {
            parts.push(format!("\"{word}\"*"));
        } else {
            let alternatives: Vec<String> = words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
            parts.push(format!("({})", alternatives.join(" OR ")));
        }
    }
    Ok((!parts.is_empty()).then(|| format!("{TEXT_COLUMNS} : ({})", parts.join(" AND "))))
}

/// A piece of text from a search hit; `highlighted` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub highlighted: bool,
}

/// Splits text with highlight markers into segments.
fn segments(marked: &str) -> Vec<Segment> {
    let mut result = Vec::new();
    let mut current = String::new();
    let mut highlighted = false;
    for c in marked.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                result.push(Segment { text: std::mem::take(&mut current), highlighted });
            }
            highlighted = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        result.push(Segment { text: current, highlighted });
    }
    result
}

fn plain(text: &str, max_chars: usize) -> Vec<Segment> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut shortened: String = text.chars().take(max_chars).collect();
    if text.chars().count() > max_chars {
        shortened.push('…');
    }
    vec![Segment { text: shortened, highlighted: false }]
}

/// What to search for and how to narrow it down; empty fields mean "any".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub text: String,
    pub theme_id: String,
    pub region_code: String,
    pub municipality_code: String,
    /// A stage code or label.
    pub stage: String,
    /// Page size; [`DEFAULT_LIMIT`] when not given.
    pub limit: Option<i64>,
    pub offset: i64,
}

/// One found example with its highlighted title and best-matching passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub example: ExampleSummary,
    pub title: Vec<Segment>,
    pub snippet: Vec<Segment>,
}

/// A page of hits and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchResults {
    /// How many examples were found, up to [`MOST_COUNTED_HITS`].
    pub total: i64,
    /// False when counting stopped at [`MOST_COUNTED_HITS`] ("more than 10 000").
    pub total_is_exact: bool,
    pub offset: i64,
    pub limit: i64,
    /// Whether the hits are in order of relevance (true) or newest first (no words given, or more
    /// than [`MOST_RANKED_HITS`] examples found).
    pub by_relevance: bool,
    pub hits: Vec<SearchHit>,
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The facet terms for the query's filters, ANDed, or `None` when nothing is filtered.
fn filter_expression(query: &SearchQuery) -> Result<Option<String>> {
    let mut terms = Vec::new();
    if let Some(theme) = non_empty(&query.theme_id) {
        terms.push(theme_facet(theme));
    }
    if let Some(code) = non_empty(&query.municipality_code) {
        terms.push(code_facet('k', code));
    }
    if let Some(code) = non_empty(&query.region_code) {
        terms.push(code_facet('l', code));
    }
    if let Some(stage) = non_empty(&query.stage) {
        terms.push(format!("s{}", Stage::parse("stage", stage)?.code()));
    }
    Ok((!terms.is_empty())
        .then(|| terms.iter().map(|term| format!("facets : \"{term}\"")).collect::<Vec<_>>().join(" AND ")))
}

/// One row of a result page: its example, and (when words were given) the title with highlight
/// markers and a passage from each text column.
struct PageRow {
    example_id: String,
    title: Option<String>,
    snippets: [Option<String>; 4],
}

fn page_row(row: &rusqlite::Row) -> rusqlite::Result<PageRow> {
    Ok(PageRow {
        example_id: row.get(0)?,
        title: row.get(1)?,
        snippets: [row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?],
    })
}

/// Searches the examples: ranked by relevance when there are words and at most
/// [`MOST_RANKED_HITS`] hits, newest first otherwise.
pub fn search(conn: &Connection, query: &SearchQuery) -> Result<SearchResults> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let offset = query.offset.max(0);
    let text = text_expression(conn, &query.text)?;
    let filters = filter_expression(query)?;
    let expression = match (&text, &filters) {
        (Some(text), Some(filters)) => Some(format!("{text} AND {filters}")),
        (Some(only), None) | (None, Some(only)) => Some(only.clone()),
        (None, None) => None,
    };

    // The page's index rows, in order, with the highlighted title and best passage when words were given.
    let (total, total_is_exact, by_relevance, page): (i64, bool, bool, Vec<PageRow>) = match &expression {
        None => {
            let total = conn.query_row("SELECT count(*) FROM example_search_rows", [], |row| row.get(0))?;
            let mut statement = conn.prepare(
                "SELECT example_id, NULL, NULL, NULL, NULL, NULL FROM examples_fts ORDER BY rowid DESC LIMIT ?1 OFFSET ?2",
            )?;
            let page = statement.query_map(params![limit, offset], page_row)?.collect::<rusqlite::Result<_>>()?;
            (total, true, false, page)
        }
        Some(expression) => {
            // Counting stops after MOST_COUNTED_HITS: "more than 10 000" is as useful as the exact number.
            let counted: i64 = conn.query_row(
                "SELECT count(*) FROM (SELECT 1 FROM examples_fts WHERE examples_fts MATCH ?1 LIMIT ?2)",
                params![expression, MOST_COUNTED_HITS + 1],
                |row| row.get(0),
            )?;
            let by_relevance = text.is_some() && counted <= MOST_RANKED_HITS;
            let order = if by_relevance {
                format!("bm25(examples_fts, {BM25_WEIGHTS}), rowid DESC")
            } else {
                "rowid DESC".into()
            };
            // Snippets are taken per text column (summary, body, evaluation, theme names), never from the facets.
            let marked = if text.is_some() {
                format!(
                    "highlight(examples_fts, 1, '{MARK_START}', '{MARK_END}'),
                     snippet(examples_fts, 2, '{MARK_START}', '{MARK_END}', '…', 24),
                     snippet(examples_fts, 3, '{MARK_START}', '{MARK_END}', '…', 24),
                     snippet(examples_fts, 5, '{MARK_START}', '{MARK_END}', '…', 24),
                     snippet(examples_fts, 4, '{MARK_START}', '{MARK_END}', '…', 24)"
                )
            } else {
                "NULL, NULL, NULL, NULL, NULL".into()
            };
            let mut statement = conn.prepare(&format!(
                "SELECT example_id, {marked} FROM examples_fts WHERE examples_fts MATCH ?1
                 ORDER BY {order} LIMIT ?2 OFFSET ?3"
            ))?;
            let page =
                statement.query_map(params![expression, limit, offset], page_row)?.collect::<rusqlite::Result<_>>()?;
            (counted.min(MOST_COUNTED_HITS), counted <= MOST_COUNTED_HITS, by_relevance, page)
        }
    };

    let ids: Vec<String> = page.iter().map(|row| row.example_id.clone()).collect();
    let mut summaries: HashMap<String, ExampleSummary> =
        examples::summaries(conn, &ids)?.into_iter().map(|summary| (summary.id.clone(), summary)).collect();
    let mut hits = Vec::with_capacity(page.len());
    for row in page {
        let Some(example) = summaries.remove(&row.example_id) else { continue };
        let title = row.title.as_deref().map(segments).unwrap_or_else(|| plain(&example.title, usize::MAX));
        // The first text column where a word was found; the summary when the words are only in the title.
        let snippet = row
            .snippets
            .iter()
            .flatten()
            .find(|passage| passage.contains(MARK_START))
            .map(|passage| segments(passage))
            .unwrap_or_else(|| plain(&example.summary, 240));
        hits.push(SearchHit { example, title, snippet });
    }
    Ok(SearchResults { total, total_is_exact, offset, limit, by_relevance, hits })
}

/// Whether the index has an entry for an example (for tests and diagnostics).
pub fn is_indexed(conn: &Connection, example_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM example_search_rows r JOIN examples_fts f ON f.rowid = r.fts_rowid WHERE r.example_id = ?1",
            [example_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(text: &str) -> Option<String> {
        let db = crate::Database::open_in_memory().unwrap();
        let id = crate::ids::new_id();
        db.conn()
            .execute(
                "INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
                 VALUES (1, ?1, 'Tillgänglighet och stöd', 'Tillgänglig', '', '', '', '')",
                [id],
            )
            .unwrap();
        text_expression(db.conn(), text).unwrap()
    }

    #[test]
    fn short_words_are_prefixes_and_longer_ones_the_indexed_words_they_begin() {
        assert_eq!(
            expression("tillgäng stö").as_deref(),
            Some("{title summary body themes evaluation} : ((\"tillgänglig\" OR \"tillgänglighet\") AND \"stö\"*)")
        );
        assert_eq!(
            expression("Okänt").as_deref(),
            Some("{title summary body themes evaluation} : (\"okänt\"*)"),
            "a word nothing begins stays a prefix and finds nothing"
        );
    }

    #[test]
    fn fts_syntax_in_user_input_is_only_words() {
        assert_eq!(
            expression("\"a\" NEAR(b*) -c").as_deref(),
            Some("{title summary body themes evaluation} : (\"a\"* AND \"near\"* AND \"b\"* AND \"c\"*)")
        );
        assert_eq!(expression("\"*()"), None);
        assert_eq!(expression("   "), None);
    }

    #[test]
    fn markers_become_segments() {
        let marked = format!("en {MARK_START}tillgänglig{MARK_END} väg in");
        assert_eq!(
            segments(&marked),
            vec![
                Segment { text: "en ".into(), highlighted: false },
                Segment { text: "tillgänglig".into(), highlighted: true },
                Segment { text: " väg in".into(), highlighted: false },
            ]
        );
    }
}
