//! Full-text search over examples (SQLite FTS5): the index's SQL, safe query building, ranking, snippets and filters.
//!
//! The index `examples_fts` (migration 0002) holds a copy of each example's title, summary, body,
//! theme names and evaluation, rewritten by [`reindex_example`] in the same transaction as every
//! change. User input is never passed to FTS5 as syntax: each word becomes a quoted prefix term.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::examples::{self, ExampleSummary, Stage};

/// Marks the start and end of a highlighted match inside snippet text. Control characters are
/// refused in all stored text (see `validate::optional_text`), so they cannot clash with user data.
const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';

/// Ranking weights per index column (example_id, title, summary, body, themes, evaluation):
/// a word in the title counts most, then the summary and theme names.
const BM25_WEIGHTS: &str = "0.0, 10.0, 4.0, 1.0, 3.0, 1.0";

/// Default and largest page size.
pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// Rewrites the index entry of one example from its stored rows (call inside the writing transaction).
pub(crate) fn reindex_example(tx: &Transaction, example_id: &str) -> Result<()> {
    remove_example(tx, example_id)?;
    tx.execute(
        "INSERT INTO examples_fts (example_id, title, summary, body, themes, evaluation)
         SELECT e.id, e.title, e.summary, e.body,
             coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
                       WHERE et.example_id = e.id), ''),
             e.evaluation
         FROM examples e WHERE e.id = ?1",
        [example_id],
    )?;
    Ok(())
}

/// Rebuilds the whole index from the stored examples, in one transaction: after bulk writes that
/// bypass [`reindex_example`] (generated scale data, an exchange that wrote rows directly).
pub fn reindex_all(db: &mut crate::Database) -> Result<usize> {
    db.write(|tx| rebuild_index(tx))
}

/// Rebuilds the index inside the caller's transaction (the exchange does this after a merge).
pub fn rebuild_index(conn: &Connection) -> Result<usize> {
    {
        conn.execute("DELETE FROM examples_fts", [])?;
        Ok(conn.execute(
            "INSERT INTO examples_fts (example_id, title, summary, body, themes, evaluation)
             SELECT e.id, e.title, e.summary, e.body,
                 coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
                           WHERE et.example_id = e.id), ''),
                 e.evaluation
             FROM examples e",
            [],
        )?)
    }
}

/// Removes an example from the index.
pub(crate) fn remove_example(tx: &Transaction, example_id: &str) -> Result<()> {
    tx.execute("DELETE FROM examples_fts WHERE example_id = ?1", [example_id])?;
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

/// Turns what a person typed into an FTS5 query: every word a quoted prefix term, all required.
///
/// Words are split where unicode61 splits them (anything not a letter or digit), so FTS syntax
/// (`"`, `*`, `(`, `-`, `:`, `^`) can never reach the parser, and `NEAR`, `AND`, `OR`, `NOT` are
/// plain words. Returns `None` when nothing searchable is left.
pub fn match_expression(user_text: &str) -> Option<String> {
    let terms: Vec<String> = user_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
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
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub hits: Vec<SearchHit>,
}

const FILTERS: &str = "(:theme IS NULL OR EXISTS (SELECT 1 FROM example_themes et WHERE et.example_id = e.id AND et.theme_id = :theme))
     AND (:municipality IS NULL OR EXISTS (SELECT 1 FROM example_municipalities em WHERE em.example_id = e.id AND em.municipality_code = :municipality))
     AND (:region IS NULL OR EXISTS (SELECT 1 FROM example_municipalities em JOIN municipalities m ON m.code = em.municipality_code
                                     WHERE em.example_id = e.id AND m.region_code = :region))
     AND (:stage IS NULL OR e.stage = :stage)";

fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// Searches the examples: ranked by relevance when there is text, newest first otherwise.
pub fn search(conn: &Connection, query: &SearchQuery) -> Result<SearchResults> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let offset = query.offset.max(0);
    let stage = match non_empty(&query.stage) {
        Some(text) => Some(Stage::parse("stage", text)?),
        None => None,
    };
    let theme = non_empty(&query.theme_id);
    let municipality = non_empty(&query.municipality_code);
    let region = non_empty(&query.region_code);
    let expression = match_expression(&query.text);

    let mut found: Vec<(String, Vec<Segment>, Vec<Segment>)> = Vec::new();
    let total: i64;
    match &expression {
        Some(expression) => {
            let from = format!(
                "FROM examples_fts f JOIN examples e ON e.id = f.example_id
                 WHERE examples_fts MATCH :match AND {FILTERS}"
            );
            let named = rusqlite::named_params! {
                ":match": expression, ":theme": theme, ":municipality": municipality, ":region": region, ":stage": stage,
            };
            total = conn.query_row(&format!("SELECT count(*) {from}"), named, |row| row.get(0))?;
            let sql = format!(
                "SELECT e.id, highlight(examples_fts, 1, '{MARK_START}', '{MARK_END}'),
                     snippet(examples_fts, -1, '{MARK_START}', '{MARK_END}', '…', 24)
                 {from} ORDER BY bm25(examples_fts, {BM25_WEIGHTS}), e.id LIMIT :limit OFFSET :offset"
            );
            let mut statement = conn.prepare(&sql)?;
            let paged = rusqlite::named_params! {
                ":match": expression, ":theme": theme, ":municipality": municipality, ":region": region, ":stage": stage,
                ":limit": limit, ":offset": offset,
            };
            let rows = statement.query_map(paged, |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
            })?;
            for row in rows {
                let (id, title, snippet) = row?;
                found.push((id, segments(&title), segments(&snippet)));
            }
        }
        None => {
            let from = format!("FROM examples e WHERE {FILTERS}");
            let named = rusqlite::named_params! {
                ":theme": theme, ":municipality": municipality, ":region": region, ":stage": stage,
            };
            total = conn.query_row(&format!("SELECT count(*) {from}"), named, |row| row.get(0))?;
            let sql = format!(
                "SELECT e.id, e.title, e.summary {from} ORDER BY e.created_at DESC, e.id DESC LIMIT :limit OFFSET :offset"
            );
            let mut statement = conn.prepare(&sql)?;
            let paged = rusqlite::named_params! {
                ":theme": theme, ":municipality": municipality, ":region": region, ":stage": stage,
                ":limit": limit, ":offset": offset,
            };
            let rows = statement.query_map(paged, |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
            })?;
            for row in rows {
                let (id, title, summary) = row?;
                found.push((id, plain(&title, usize::MAX), plain(&summary, 240)));
            }
        }
    }

    let ids: Vec<String> = found.iter().map(|(id, _, _)| id.clone()).collect();
    let mut summaries = examples::summaries(conn, &ids)?.into_iter();
    let mut hits = Vec::with_capacity(found.len());
    for (_, title, snippet) in found {
        if let Some(example) = summaries.next() {
            hits.push(SearchHit { example, title, snippet });
        }
    }
    Ok(SearchResults { total, offset, limit, hits })
}

/// Whether the index has an entry for an example (for tests and diagnostics).
pub fn is_indexed(conn: &Connection, example_id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM examples_fts WHERE example_id = ?1", [example_id], |_| Ok(()))
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_becomes_a_quoted_prefix_term() {
        assert_eq!(match_expression("tillgäng stöd").as_deref(), Some("\"tillgäng\"* \"stöd\"*"));
    }

    #[test]
    fn fts_syntax_in_user_input_is_only_words() {
        assert_eq!(match_expression("\"a\" NEAR(b*) -c").as_deref(), Some("\"a\"* \"NEAR\"* \"b\"* \"c\"*"));
        assert_eq!(match_expression("\"*()"), None);
        assert_eq!(match_expression("   "), None);
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
