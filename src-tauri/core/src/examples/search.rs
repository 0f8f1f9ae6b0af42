//! Searching the examples (SQLite FTS5, see `index` for what the index holds): safe query
//! building, ranking, snippets and filters. User input is never passed to FTS5 as syntax: each
//! word becomes quoted terms, searched in the text columns only.
//!
//! Speed at 100,000 examples comes from these choices: filters are index terms (intersected and
//! counted inside FTS5, no joins); index rows are numbered in creation order (`example_search_rows`
//! keeps each example's number), so "newest first" reads one page backwards and stops; a typed word
//! of four letters or more becomes the indexed words it begins (read lazily), shorter ones use the
//! prefix index; hits are counted up to [`MOST_COUNTED_HITS`]; and when a search finds more than
//! [`MOST_RANKED_HITS`] examples, it lists them newest first instead of scoring every one of them
//! with bm25 (the UI then suggests adding a word).

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::example::{self, ExampleSummary, Stage};
use super::index::{beyond_words_beginning, code_facet, theme_facet};
use crate::error::Result;
use crate::sharing::Sharing;

/// Marks the start and end of a highlighted match inside snippet text. Control characters are
/// refused in all stored text (see `validate::optional_text`), so they cannot clash with user data.
pub(crate) const MARK_START: char = '\u{2}';
pub(crate) const MARK_END: char = '\u{3}';

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
pub(crate) fn segments(marked: &str) -> Vec<Segment> {
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

/// Text without highlights, cut to `max_chars` characters (with an ellipsis when cut).
pub(crate) fn plain(text: &str, max_chars: usize) -> Vec<Segment> {
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
    /// A sharing level (code, label or `nätverket`): only open examples, or only those shared inside the network.
    pub sharing: String,
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
    if let Some(sharing) = non_empty(&query.sharing) {
        terms.push(format!("d{}", Sharing::parse_typed("sharing", sharing)?.code()));
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
        example::summaries(conn, &ids)?.into_iter().map(|summary| (summary.id.clone(), summary)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(text: &str) -> Option<String> {
        let db = crate::store::Database::open_in_memory().unwrap();
        let id = crate::store::ids::new_id();
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
