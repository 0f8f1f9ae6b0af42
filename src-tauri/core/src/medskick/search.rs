//! Searching and filtering the medskick (FTS5, see `index`): words as the examples' search reads them,
//! filters as index terms, the best matches first, with the matching words highlighted.
//!
//! User input never reaches FTS5 as syntax: each word (split where the tokenizer splits) becomes a
//! quoted prefix term searched in the text columns (or, for a word beginning a theme's name, that
//! theme's facet), so "tillgäng" finds "tillgänglighet" and `"`, `*`, `NEAR` or `-` are plain words.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::index::{code_facet, id_facet};
use super::item::{self as medskick, Addressee, Medskick, Status};
use crate::error::Result;
use crate::examples::search::{plain, segments, Segment, MARK_END, MARK_START};
use crate::sharing::Sharing;

/// Ranking weights per column (medskick_id, title, description, answer, facets).
const BM25_WEIGHTS: &str = "0.0, 10.0, 3.0, 2.0, 0.0";

/// The columns a person's words are looked for in (never the facet tokens).
const TEXT_COLUMNS: &str = "{title description answer}";

/// Default and largest number of hits returned.
pub const DEFAULT_LIMIT: i64 = 200;
pub const MAX_LIMIT: i64 = 1_000;

/// What to look for; empty fields mean "any".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MedskickQuery {
    pub text: String,
    /// A status code or label.
    pub status: String,
    /// Only those still open (ny, samlas, framförd).
    pub only_open: bool,
    /// An addressee code, label or command-line word.
    pub addressee: String,
    pub theme_id: String,
    pub municipality_code: String,
    pub meeting_id: String,
    /// `network` or `open` (or their Swedish words).
    pub sharing: String,
    pub limit: Option<i64>,
}

/// One found medskick with its highlighted title and best-matching passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MedskickHit {
    pub medskick: Medskick,
    pub title: Vec<Segment>,
    pub snippet: Vec<Segment>,
}

/// The hits and how many there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MedskickResults {
    pub total: i64,
    /// True when ordered by relevance (words were given), false when newest first.
    pub by_relevance: bool,
    pub hits: Vec<MedskickHit>,
}

/// The most distinct words of a search text that are looked for (pasted text is searched by its
/// first words, so the query stays small whatever the length of the text).
const MAX_SEARCH_WORDS: usize = 32;

/// The most themes one typed word may match by name (there are a few dozen themes; this bounds the query).
const MAX_THEMES_PER_WORD: usize = 64;

/// Each theme's id and the words of its name as the index tokenizer reads them (lower case).
fn theme_words(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM themes")?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
    let mut themes = Vec::new();
    for row in rows {
        let (id, name) = row?;
        themes.push((id, words_of(&name)));
    }
    Ok(themes)
}

/// The words of `text`, split where the tokenizer splits, in lower case.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_lowercase).collect()
}

/// The FTS5 expression for the words typed, or `None` when nothing searchable is left. Each word is
/// looked for by its beginning in the text columns or in the names of the medskick's themes: theme
/// names are matched here, at query time, against the theme-id facets, so a renamed theme is found by
/// its new name without touching the index.
fn text_expression(user_text: &str, themes: &[(String, Vec<String>)]) -> Option<String> {
    let mut words = words_of(user_text);
    let mut seen = std::collections::HashSet::new();
    words.retain(|word| seen.insert(word.clone()));
    words.truncate(MAX_SEARCH_WORDS);
    let terms: Vec<String> = words
        .iter()
        .map(|word| {
            let in_text = format!("{TEXT_COLUMNS} : \"{word}\"*");
            let named: Vec<String> = themes
                .iter()
                .filter(|(_, name_words)| name_words.iter().any(|name_word| name_word.starts_with(word.as_str())))
                .take(MAX_THEMES_PER_WORD)
                .map(|(id, _)| format!("facets : \"{}\"", id_facet('t', id)))
                .collect();
            if named.is_empty() {
                in_text
            } else {
                format!("({in_text} OR {})", named.join(" OR "))
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// The facet terms for the filters, ANDed; `only_open` is an OR of the open statuses.
fn filter_expression(query: &MedskickQuery) -> Result<Option<String>> {
    let mut terms = Vec::new();
    let facet = |term: String| format!("facets : \"{term}\"");
    if let Some(status) = non_empty(&query.status) {
        terms.push(facet(code_facet('s', Status::parse("status", status)?.code())));
    } else if query.only_open {
        let open: Vec<String> =
            Status::ALL.iter().filter(|s| s.is_open()).map(|s| facet(code_facet('s', s.code()))).collect();
        terms.push(format!("({})", open.join(" OR ")));
    }
    if let Some(addressee) = non_empty(&query.addressee) {
        terms.push(facet(code_facet('a', Addressee::parse_typed("addressee", addressee)?.code())));
    }
    if let Some(sharing) = non_empty(&query.sharing) {
        terms.push(facet(code_facet('d', Sharing::parse_typed("sharing", sharing)?.code())));
    }
    if let Some(theme) = non_empty(&query.theme_id) {
        terms.push(facet(id_facet('t', theme)));
    }
    if let Some(meeting) = non_empty(&query.meeting_id) {
        terms.push(facet(id_facet('m', meeting)));
    }
    if let Some(code) = non_empty(&query.municipality_code) {
        terms.push(facet(code_facet('k', code)));
    }
    Ok((!terms.is_empty()).then(|| terms.join(" AND ")))
}

/// One row of a result: the medskick, and (when words were given) its title with highlight markers
/// and a passage from the description and the answer.
struct HitRow {
    id: String,
    title: Option<String>,
    description: Option<String>,
    answer: Option<String>,
}

/// Searches the medskick: by relevance when words are given, newest first otherwise.
pub fn search(conn: &Connection, query: &MedskickQuery) -> Result<MedskickResults> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let text = if words_of(&query.text).is_empty() { None } else { text_expression(&query.text, &theme_words(conn)?) };
    let filters = filter_expression(query)?;
    let expression = match (&text, &filters) {
        (Some(text), Some(filters)) => format!("{text} AND {filters}"),
        (Some(only), None) | (None, Some(only)) => only.clone(),
        (None, None) => String::new(),
    };
    let by_relevance = text.is_some();
    let (condition, order) = if expression.is_empty() {
        ("?1 = ''", "x.created_at DESC, x.rowid DESC".to_string())
    } else if by_relevance {
        ("medskick_fts MATCH ?1", format!("bm25(medskick_fts, {BM25_WEIGHTS}), x.created_at DESC"))
    } else {
        ("medskick_fts MATCH ?1", "x.created_at DESC, x.rowid DESC".to_string())
    };
    let marked = if by_relevance {
        format!(
            "highlight(medskick_fts, 1, '{MARK_START}', '{MARK_END}'),
             snippet(medskick_fts, 2, '{MARK_START}', '{MARK_END}', '…', 24),
             snippet(medskick_fts, 3, '{MARK_START}', '{MARK_END}', '…', 24)"
        )
    } else {
        "NULL, NULL, NULL".into()
    };
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM medskick_fts WHERE {condition}"), params![expression], |row| {
            row.get(0)
        })?;
    let mut statement = conn.prepare(&format!(
        "SELECT medskick_fts.medskick_id, {marked} FROM medskick_fts JOIN medskick x ON x.id = medskick_fts.medskick_id
         WHERE {condition} ORDER BY {order} LIMIT ?2"
    ))?;
    let rows: Vec<HitRow> = statement
        .query_map(params![expression, limit], |row| {
            Ok(HitRow { id: row.get(0)?, title: row.get(1)?, description: row.get(2)?, answer: row.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut hits = Vec::with_capacity(rows.len());
    for HitRow { id, title, description, answer } in rows {
        let medskick = medskick::get(conn, &id)?;
        let title = title.as_deref().map(segments).unwrap_or_else(|| plain(&medskick.title, usize::MAX));
        let snippet = [description, answer]
            .iter()
            .flatten()
            .find(|passage| passage.contains(MARK_START))
            .map(|passage| segments(passage))
            .unwrap_or_else(|| plain(&medskick.description, 240));
        hits.push(MedskickHit { medskick, title, snippet });
    }
    Ok(MedskickResults { total, by_relevance, hits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefixes_and_syntax_stays_words() {
        assert_eq!(
            text_expression("Tillgäng \"NEAR(x*)\" -y", &[]).as_deref(),
            Some(
                "{title description answer} : \"tillgäng\"* AND {title description answer} : \"near\"* \
                 AND {title description answer} : \"x\"* AND {title description answer} : \"y\"*"
            )
        );
        assert_eq!(text_expression(" \"*() ", &[]), None);
    }

    #[test]
    fn pasted_text_is_searched_by_its_first_distinct_words() {
        let pasted = (0..1_000).map(|n| format!("ord{n} ord{n}")).collect::<Vec<_>>().join(" ");
        let expression = text_expression(&pasted, &[]).unwrap();
        assert_eq!(expression.matches(" AND ").count(), MAX_SEARCH_WORDS - 1, "{expression}");
        assert!(expression.contains("\"ord31\"*") && !expression.contains("\"ord32\"*"));
    }

    #[test]
    fn a_word_also_finds_the_themes_whose_name_has_a_word_beginning_with_it() {
        let themes = [("t1".to_string(), words_of("Ökad tillit")), ("t2".to_string(), words_of("Samverkan med andra"))];
        assert_eq!(
            text_expression("TILL", &themes).as_deref(),
            Some("({title description answer} : \"till\"* OR facets : \"t7431\")")
        );
    }

    #[test]
    fn open_only_is_one_of_the_open_statuses() {
        let query = MedskickQuery { only_open: true, addressee: "skr".into(), ..Default::default() };
        assert_eq!(
            filter_expression(&query).unwrap().as_deref(),
            Some("(facets : \"snew\" OR facets : \"sgathering\" OR facets : \"sdelivered\") AND facets : \"askr\"")
        );
    }
}
