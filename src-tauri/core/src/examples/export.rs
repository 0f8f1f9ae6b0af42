//! Export of a collection of examples, grouped by theme, as Markdown or as a standalone HTML file.
//!
//! A collection holds only open examples unless the user asks for the ones shared inside the network
//! too ([`ExportSelection::include_confidential`]); it says which it holds, and marks every example
//! that must not leave the network.
//!
//! All text from the database is escaped for the target format, so an example holding
//! `<img src=x onerror=…>` is printed as those characters and never becomes markup.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Deserialize;

use super::example::{self, Example};
use super::themes;
use crate::error::Result;
use crate::settings;
use crate::sharing::Sharing;
use crate::store::collation;
use crate::sweden::{time, validate};
use crate::text_enum;

text_enum! {
    /// The file formats examples can be exported to.
    pub enum ExportFormat ("format") {
        Markdown => ("md", "markdown"),
        Html => ("html", "html"),
    }
}

impl ExportFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.code()
    }
}

/// Which examples to export: the listed ids (all when empty), optionally only one theme's group;
/// only the open ones unless `include_confidential` (then also those shared inside the network).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExportSelection {
    pub example_ids: Vec<String>,
    pub theme_id: String,
    pub include_confidential: bool,
}

/// A theme heading and the examples under it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    pub heading: String,
    pub examples: Vec<Example>,
}

/// What a printable collection or an export holds, and what it says about that.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Collection {
    /// "Exempel från nätverket <the network's name>".
    pub title: String,
    pub groups: Vec<Group>,
    /// How many different examples it holds (an example with two themes is counted once).
    pub example_count: usize,
    /// Whether examples shared only inside the network may be in it.
    pub includes_confidential: bool,
    /// How many of those it holds (each is marked "Inom nätverket").
    pub confidential_count: usize,
    /// How many selected examples were left out because they are shared only inside the network.
    pub confidential_left_out: usize,
    /// One Swedish sentence saying which examples it holds, printed at its top.
    pub scope_note: String,
}

const WITHOUT_THEME: &str = "Utan tema";

/// The words that mark an example shared only inside the network, wherever it is printed.
pub const CONFIDENTIAL_MARK: &str = "Inom nätverket – får inte spridas utanför nätverket";

fn scope_note(includes_confidential: bool, confidential_count: usize, left_out: usize) -> String {
    match (includes_confidential, confidential_count, left_out) {
        (true, 0, _) => {
            "Samlingen får innehålla exempel som bara delas inom nätverket, men alla exempel i den är öppna.".into()
        }
        (true, 1, _) => "Samlingen innehåller 1 exempel som bara delas inom nätverket. Det är märkt ”Inom nätverket” \
                         och får inte spridas utanför nätverket."
            .into(),
        (true, count, _) => format!(
            "Samlingen innehåller {count} exempel som bara delas inom nätverket. De är märkta ”Inom nätverket” \
             och får inte spridas utanför nätverket."
        ),
        (false, _, 0) => "Samlingen innehåller bara öppna exempel.".into(),
        (false, _, 1) => {
            "Samlingen innehåller bara öppna exempel: 1 valt exempel delas bara inom nätverket och är inte med.".into()
        }
        (false, _, count) => format!(
            "Samlingen innehåller bara öppna exempel: {count} valda exempel delas bara inom nätverket och är inte med."
        ),
    }
}

/// The selected examples grouped by theme (Swedish order), each example under each of its themes,
/// with the examples shared only inside the network left out unless the selection asks for them:
/// what the export files and the app's printable collection show.
pub fn collection(conn: &Connection, selection: &ExportSelection) -> Result<Collection> {
    let mut ids: Vec<String> = if selection.example_ids.is_empty() {
        example::list(conn)?.into_iter().map(|e| e.id).collect()
    } else {
        selection.example_ids.clone()
    };
    ids.sort_unstable();
    ids.dedup();
    let mut chosen = Vec::with_capacity(ids.len());
    let mut confidential_left_out = 0_usize;
    for id in &ids {
        let found = example::get(conn, id)?;
        if found.sharing.may_leave_network(selection.include_confidential) {
            chosen.push(found);
        } else {
            confidential_left_out += 1;
        }
    }
    let groups = grouped(conn, chosen, &selection.theme_id)?;
    let example_count = distinct_count(&groups);
    let confidential_count = {
        let mut ids: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.examples.iter().filter(|e| e.sharing == Sharing::Network).map(|e| e.id.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    Ok(Collection {
        title: format!("Exempel från nätverket {}", settings::load(conn)?.network_name),
        example_count,
        includes_confidential: selection.include_confidential,
        confidential_count,
        confidential_left_out,
        scope_note: scope_note(selection.include_confidential, confidential_count, confidential_left_out),
        groups,
    })
}

fn grouped(conn: &Connection, mut chosen: Vec<Example>, theme_id: &str) -> Result<Vec<Group>> {
    chosen.sort_by(|a, b| collation::compare(&a.title, &b.title));
    let only_theme = Some(theme_id.trim()).filter(|t| !t.is_empty());
    if let Some(theme_id) = only_theme {
        themes::get(conn, theme_id)?;
    }
    let mut groups = Vec::new();
    for theme in themes::list(conn)? {
        if only_theme.is_some_and(|id| id != theme.id) {
            continue;
        }
        let members: Vec<Example> =
            chosen.iter().filter(|e| e.themes.iter().any(|t| t.id == theme.id)).cloned().collect();
        if !members.is_empty() {
            groups.push(Group { heading: theme.name, examples: members });
        }
    }
    if only_theme.is_none() {
        let unthemed: Vec<Example> = chosen.iter().filter(|e| e.themes.is_empty()).cloned().collect();
        if !unthemed.is_empty() {
            groups.push(Group { heading: WITHOUT_THEME.into(), examples: unthemed });
        }
    }
    Ok(groups)
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A stored link as it may appear in an export: an https URL by the same rule the UI stores links
/// with (written as that rule writes it), or `None` (then only its text is shown, never a link).
/// Imported data may hold anything, so the export checks again.
fn exportable_link(url: &str) -> Option<String> {
    validate::https_url("links", "Länken", url).ok()
}

/// Escapes text for one line of Markdown (a heading, a list item): line breaks become spaces, so
/// stored text can never start a heading, a list or a block of its own.
fn markdown_line(text: &str) -> String {
    escape_markdown(&text.replace(['\r', '\n'], " "))
}

/// Escapes text for Markdown so that it renders as written: characters Markdown would read as
/// markup (emphasis, links, headings, HTML tags, entities, code) get a backslash.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// An https URL as the target of a Markdown link `(<…>)`: the characters that could end it are encoded.
fn markdown_link_target(url: &str) -> String {
    url.replace('<', "%3C").replace('>', "%3E").replace('(', "%28").replace(')', "%29").replace('\\', "%5C")
}

fn municipalities_text(example: &Example) -> String {
    example.municipalities.iter().map(|m| format!("{} ({})", m.name, m.region_name)).collect::<Vec<_>>().join(", ")
}

fn started_text(example: &Example) -> Option<String> {
    example.started_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(time::day_month_year)
}

fn presentations_text(example: &Example) -> Vec<String> {
    example
        .presentations
        .iter()
        .map(|p| match &p.member_name {
            Some(name) => format!("{} av {name}", p.meeting_label),
            None => p.meeting_label.clone(),
        })
        .collect()
}

/// The facts shown under each example's heading, as (label, value).
fn facts(example: &Example) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if example.sharing == Sharing::Network {
        facts.push(("Delning", CONFIDENTIAL_MARK.to_string()));
    }
    facts.extend([
        (if example.municipalities.len() == 1 { "Kommun" } else { "Kommuner" }, municipalities_text(example)),
        ("Fas", example.stage_label.to_string()),
    ]);
    if let Some(started) = started_text(example) {
        facts.push(("Startade", started));
    }
    if let Some(contact) = &example.contact_member {
        facts.push(("Kontaktperson", contact.name.clone()));
    }
    if !example.themes.is_empty() {
        facts.push(("Teman", example.themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")));
    }
    let presented = presentations_text(example);
    facts.push(("Visades på träff", if presented.is_empty() { "Inte ännu".into() } else { presented.join("; ") }));
    facts
}

fn today_label() -> String {
    let today = crate::sweden::time::today_in_sweden();
    time::day_month_year(today)
}

fn count_label(count: usize) -> String {
    if count == 1 {
        "1 exempel".into()
    } else {
        format!("{count} exempel")
    }
}

fn distinct_count(groups: &[Group]) -> usize {
    let mut ids: Vec<&str> = groups.iter().flat_map(|g| g.examples.iter().map(|e| e.id.as_str())).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The selected examples as a Markdown document.
fn to_markdown(collection: &Collection) -> String {
    let groups = &collection.groups;
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", markdown_line(&collection.title)));
    out.push_str(&format!(
        "Utskrivet {}. {} grupperade efter tema.\n\n{}\n",
        today_label(),
        count_label(collection.example_count),
        markdown_line(&collection.scope_note)
    ));
    for group in groups {
        out.push_str(&format!("\n## {}\n", markdown_line(&group.heading)));
        for example in &group.examples {
            let mark = if example.sharing == Sharing::Network { " (Inom nätverket)" } else { "" };
            out.push_str(&format!("\n### {}{mark}\n\n", markdown_line(&example.title)));
            for (label, value) in facts(example) {
                out.push_str(&format!("- **{label}:** {}\n", markdown_line(&value)));
            }
            for (heading, text) in [
                ("Sammanfattning", &example.summary),
                ("Beskrivning", &example.body),
                ("Uppföljning och resultat", &example.evaluation),
            ] {
                if !text.is_empty() {
                    out.push_str(&format!("\n#### {heading}\n\n{}\n", escape_markdown(text).replace('\n', "  \n")));
                }
            }
            if !example.links.is_empty() {
                out.push_str("\n#### Länkar\n\n");
                for link in &example.links {
                    let label = markdown_line(if link.label.is_empty() { &link.url } else { &link.label });
                    match exportable_link(&link.url) {
                        // <…> and percent-encoded brackets keep anything in the URL from ending the link.
                        Some(url) => out.push_str(&format!("- [{label}](<{}>)\n", markdown_link_target(&url))),
                        None => out.push_str(&format!("- {label}\n")),
                    }
                }
            }
        }
    }
    if groups.is_empty() {
        out.push_str("\nInga exempel valdes.\n");
    }
    out
}

const HTML_STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
color:#1b1f24;line-height:1.5;max-width:48rem;margin:2rem auto;padding:0 1rem}\
h1{color:#163a69}h2{color:#1f4e8c;border-bottom:2px solid #1f4e8c;padding-bottom:.25rem;margin-top:2.5rem}\
article{border-top:1px solid #c5ced8;padding-top:1rem;margin-top:1.5rem;break-inside:avoid-page}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:650}dd{margin:0}\
p{white-space:pre-wrap;overflow-wrap:anywhere}a{color:#1f4e8c}\
.confidential{color:#8a1c1c;font-weight:650}.scope{font-weight:650}\
@media print{body{margin:0;max-width:none}h2{break-before:page}h2:first-of-type{break-before:auto}}";

fn html_text_block(text: &str) -> String {
    // white-space: pre-wrap keeps the author's line breaks without turning them into markup.
    format!("<p>{}</p>\n", escape_html(text))
}

/// The selected examples as a standalone HTML document (inline style, no scripts, no remote resources).
fn to_html(collection: &Collection) -> String {
    let groups = &collection.groups;
    let title = escape_html(&collection.title);
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!("<title>{title}</title>\n"));
    out.push_str(&format!("<style>{HTML_STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{title}</h1>\n"));
    out.push_str(&format!(
        "<p>Utskrivet {}. {} grupperade efter tema.</p>\n<p class=\"scope\">{}</p>\n",
        escape_html(&today_label()),
        count_label(collection.example_count),
        escape_html(&collection.scope_note)
    ));
    for group in groups {
        out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape_html(&group.heading)));
        for example in &group.examples {
            let mark = if example.sharing == Sharing::Network {
                " <span class=\"confidential\">(Inom nätverket)</span>"
            } else {
                ""
            };
            out.push_str(&format!("<article>\n<h3>{}{mark}</h3>\n<dl>\n", escape_html(&example.title)));
            for (label, value) in facts(example) {
                out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", escape_html(&value)));
            }
            out.push_str("</dl>\n");
            for (heading, text) in [
                ("Sammanfattning", &example.summary),
                ("Beskrivning", &example.body),
                ("Uppföljning och resultat", &example.evaluation),
            ] {
                if !text.is_empty() {
                    out.push_str(&format!("<h4>{heading}</h4>\n{}", html_text_block(text)));
                }
            }
            if !example.links.is_empty() {
                out.push_str("<h4>Länkar</h4>\n<ul>\n");
                for link in &example.links {
                    let label = escape_html(if link.label.is_empty() { &link.url } else { &link.label });
                    match exportable_link(&link.url) {
                        Some(url) => {
                            out.push_str(&format!("<li><a href=\"{}\">{label}</a></li>\n", escape_html(&url)));
                        }
                        None => out.push_str(&format!("<li>{label}</li>\n")),
                    }
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    if groups.is_empty() {
        out.push_str("<p>Inga exempel valdes.</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn render_collection(collection: &Collection, format: ExportFormat) -> String {
    match format {
        ExportFormat::Markdown => to_markdown(collection),
        ExportFormat::Html => to_html(collection),
    }
}

/// Renders the selection in `format`.
pub fn render(conn: &Connection, selection: &ExportSelection, format: ExportFormat) -> Result<String> {
    Ok(render_collection(&collection(conn, selection)?, format))
}

/// Writes the selection to `path` in `format`; returns what was written (counts and the scope note).
pub fn export_to_file(
    conn: &Connection,
    selection: &ExportSelection,
    format: ExportFormat,
    path: &Path,
) -> Result<Collection> {
    let collection = collection(conn, selection)?;
    crate::store::files::write_private(path, render_collection(&collection, format).as_bytes())?;
    Ok(collection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_turns_markup_into_text() {
        assert_eq!(
            escape_html("<img src=x onerror=alert(1)> & \"å\" 'ö'"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;å&quot; &#39;ö&#39;"
        );
    }

    #[test]
    fn markdown_escaping_keeps_html_and_emphasis_literal() {
        assert_eq!(escape_markdown("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
        assert_eq!(escape_markdown("*viktigt* [länk](x) #1"), "\\*viktigt\\* \\[länk\\](x) \\#1");
        assert_eq!(escape_markdown("Åre, Älvdalen"), "Åre, Älvdalen");
    }
}
