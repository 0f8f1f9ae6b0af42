//! "Sammanställning av medskick": the medskick grouped by addressee and theme, as the app prints them
//! and as Markdown, HTML or CSV (for Swedish Excel) to send upward.
//!
//! Only open items (sharing level `öppen`) are included unless the user asks for the confidential
//! ones too; every compilation says which it includes, and confidential items are marked clearly.
//! All text from the database is escaped for the target format.

use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::item::{self as medskick, Addressee, Medskick, Status};
use crate::error::{Error, Result};
use crate::examples::export::{escape_html, escape_markdown};
use crate::members::csv::neutralised;
use crate::sharing::{self, SharedTable, Sharing};
use crate::store::collation;
use crate::sweden::time;
use crate::text_enum;

text_enum! {
    /// The file formats a compilation can be saved in.
    pub enum CompileFormat ("format") {
        Markdown => ("md", "markdown"),
        Html => ("html", "html"),
        Csv => ("csv", "csv"),
    }
}

/// Which medskick to compile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CompileSelection {
    /// Only those for this addressee (code, label or command-line word); all when empty.
    pub addressee: String,
    /// Only those with this status; all when empty.
    pub status: String,
    /// Also medskick that may only be shared inside the network (marked as such).
    pub include_confidential: bool,
}

/// A theme heading and the medskick under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeGroup {
    pub heading: String,
    pub items: Vec<Medskick>,
}

/// An addressee and its medskick by theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddresseeGroup {
    pub addressee: Addressee,
    pub heading: &'static str,
    pub themes: Vec<ThemeGroup>,
}

/// The compilation: what it includes, said in words, and the groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compilation {
    pub title: String,
    /// "Innehåller bara medskick som får delas öppet …" or "Innehåller även medskick inom nätverket …".
    pub includes: String,
    pub include_confidential: bool,
    /// How many medskick it holds (each once, even when under several themes).
    pub count: usize,
    /// How many matching medskick were left out because they are only for the network.
    pub confidential_left_out: usize,
    pub groups: Vec<AddresseeGroup>,
}

const WITHOUT_THEME: &str = "Utan tema";

/// The words that mark a confidential medskick wherever it is printed.
pub const CONFIDENTIAL_MARK: &str = "INOM NÄTVERKET – får inte spridas utanför nätverket";

/// Builds the compilation for `selection`.
pub fn compile(conn: &Connection, selection: &CompileSelection) -> Result<Compilation> {
    let addressee = match selection.addressee.trim() {
        "" => None,
        typed => Some(Addressee::parse_typed("addressee", typed)?),
    };
    let status = match selection.status.trim() {
        "" => None,
        typed => Some(Status::parse("status", typed)?),
    };
    let matching: Vec<Medskick> =
        medskick::list(conn, status)?.into_iter().filter(|m| addressee.is_none_or(|a| m.addressee == a)).collect();
    let (mut chosen, left_out): (Vec<Medskick>, Vec<Medskick>) =
        matching.into_iter().partition(|m| m.sharing.may_leave_network(selection.include_confidential));
    chosen.sort_by(|a, b| collation::compare(&a.title, &b.title));
    if !selection.include_confidential {
        // An open medskick may point at examples only for the network: their titles stay out too.
        let network_only = sharing::network_only_ids(conn, SharedTable::Examples)?;
        for item in &mut chosen {
            item.examples.retain(|example| !network_only.contains(&example.id));
        }
    }

    let mut groups = Vec::new();
    for &addressee in Addressee::ALL {
        let for_addressee: Vec<&Medskick> = chosen.iter().filter(|m| m.addressee == addressee).collect();
        if for_addressee.is_empty() {
            continue;
        }
        let mut headings: Vec<String> =
            for_addressee.iter().flat_map(|m| m.themes.iter().map(|t| t.name.clone())).collect();
        headings.sort_by(|a, b| collation::compare(a, b));
        headings.dedup();
        let mut themes: Vec<ThemeGroup> = headings
            .into_iter()
            .map(|heading| ThemeGroup {
                items: for_addressee
                    .iter()
                    .filter(|m| m.themes.iter().any(|t| t.name == heading))
                    .map(|m| (*m).clone())
                    .collect(),
                heading,
            })
            .collect();
        let without: Vec<Medskick> =
            for_addressee.iter().filter(|m| m.themes.is_empty()).map(|m| (*m).clone()).collect();
        if !without.is_empty() {
            themes.push(ThemeGroup { heading: WITHOUT_THEME.into(), items: without });
        }
        groups.push(AddresseeGroup { addressee, heading: addressee.label(), themes });
    }

    let includes = if selection.include_confidential {
        format!("Innehåller även medskick som bara får delas inom nätverket. De är märkta ”{CONFIDENTIAL_MARK}”.")
    } else if left_out.is_empty() {
        "Innehåller bara medskick som får delas öppet.".to_string()
    } else {
        format!(
            "Innehåller bara medskick som får delas öppet; {} som bara får delas inom nätverket är inte med.",
            count_label(left_out.len())
        )
    };
    let title = match addressee {
        Some(addressee) => format!("Sammanställning av medskick till {}", addressee.label()),
        None => "Sammanställning av medskick".to_string(),
    };
    Ok(Compilation {
        title,
        includes,
        include_confidential: selection.include_confidential,
        count: chosen.len(),
        confidential_left_out: left_out.len(),
        groups,
    })
}

fn count_label(count: usize) -> String {
    format!("{count} medskick")
}

fn today_label() -> String {
    time::day_month_year(time::today_in_sweden())
}

fn date_label(date: &Option<String>) -> Option<String> {
    date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(time::day_month_year)
}

/// The facts printed under a medskick's title, as (label, value).
pub fn facts(item: &Medskick) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Status", item.status_label.to_string())];
    if let Some(date) = date_label(&item.delivered_on) {
        facts.push(("Framfört", date));
    }
    if let Some(date) = date_label(&item.answered_on) {
        facts.push(("Besvarat", date));
    }
    if let Some(date) = date_label(&item.closed_on) {
        facts.push(("Avslutat", date));
    }
    if let Some(municipality) = &item.municipality {
        facts.push(("Kommun", format!("{} ({})", municipality.name, municipality.region_name)));
    }
    if let Some(person) = &item.raised_by {
        facts.push(("Väckt av", person.name.clone()));
    }
    if let Some(meeting) = &item.meeting {
        facts.push(("Träff", meeting.label.clone()));
    }
    if !item.themes.is_empty() {
        facts.push(("Teman", item.themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")));
    }
    if !item.examples.is_empty() {
        facts.push(("Exempel", item.examples.iter().map(|e| e.title.as_str()).collect::<Vec<_>>().join("; ")));
    }
    facts.push(("Delning", item.sharing_label.to_string()));
    facts
}

fn markdown_line(text: &str) -> String {
    escape_markdown(&text.replace(['\r', '\n'], " "))
}

/// The compilation as Markdown.
pub fn to_markdown(compilation: &Compilation) -> String {
    let mut out = format!("# {}\n\n", markdown_line(&compilation.title));
    out.push_str(&format!(
        "Utskrivet {}. {}. {}\n",
        today_label(),
        count_label(compilation.count),
        markdown_line(&compilation.includes)
    ));
    for group in &compilation.groups {
        out.push_str(&format!("\n## Till {}\n", markdown_line(group.heading)));
        for theme in &group.themes {
            out.push_str(&format!("\n### {}\n", markdown_line(&theme.heading)));
            for item in &theme.items {
                out.push_str(&format!("\n#### {}\n\n", markdown_line(&item.title)));
                if item.sharing == Sharing::Network {
                    out.push_str(&format!("**{}**\n\n", markdown_line(CONFIDENTIAL_MARK)));
                }
                for (label, value) in facts(item) {
                    out.push_str(&format!("- **{label}:** {}\n", markdown_line(&value)));
                }
                if !item.description.is_empty() {
                    out.push_str(&format!("\n{}\n", escape_markdown(&item.description).replace('\n', "  \n")));
                }
                if !item.answer.is_empty() {
                    out.push_str(&format!("\n**Svar:** {}\n", escape_markdown(&item.answer).replace('\n', "  \n")));
                }
            }
        }
    }
    if compilation.groups.is_empty() {
        out.push_str("\nInga medskick att ta med.\n");
    }
    out
}

const HTML_STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
color:#1b1f24;line-height:1.5;max-width:48rem;margin:2rem auto;padding:0 1rem}\
h1{color:#163a69}h2{color:#1f4e8c;border-bottom:2px solid #1f4e8c;padding-bottom:.25rem;margin-top:2.5rem}\
article{border-top:1px solid #c5ced8;padding-top:1rem;margin-top:1.5rem;break-inside:avoid-page}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:650}dd{margin:0}\
p{white-space:pre-wrap;overflow-wrap:anywhere}\
.confidential{border:2px solid #8a1c1c;color:#8a1c1c;font-weight:700;padding:.25rem .5rem;display:inline-block}";

/// The compilation as a standalone HTML document (inline style, no scripts, no remote resources).
pub fn to_html(compilation: &Compilation) -> String {
    let mut out = String::from("<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<style>{HTML_STYLE}</style>\n</head>\n<body>\n",
        escape_html(&compilation.title)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape_html(&compilation.title)));
    out.push_str(&format!(
        "<p>Utskrivet {}. {}. {}</p>\n",
        escape_html(&today_label()),
        count_label(compilation.count),
        escape_html(&compilation.includes)
    ));
    for group in &compilation.groups {
        out.push_str(&format!("<section>\n<h2>Till {}</h2>\n", escape_html(group.heading)));
        for theme in &group.themes {
            out.push_str(&format!("<h3>{}</h3>\n", escape_html(&theme.heading)));
            for item in &theme.items {
                out.push_str(&format!("<article>\n<h4>{}</h4>\n", escape_html(&item.title)));
                if item.sharing == Sharing::Network {
                    out.push_str(&format!("<p class=\"confidential\">{}</p>\n", escape_html(CONFIDENTIAL_MARK)));
                }
                out.push_str("<dl>\n");
                for (label, value) in facts(item) {
                    out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", escape_html(&value)));
                }
                out.push_str("</dl>\n");
                if !item.description.is_empty() {
                    out.push_str(&format!("<p>{}</p>\n", escape_html(&item.description)));
                }
                if !item.answer.is_empty() {
                    out.push_str(&format!("<h5>Svar</h5>\n<p>{}</p>\n", escape_html(&item.answer)));
                }
                out.push_str("</article>\n");
            }
        }
        out.push_str("</section>\n");
    }
    if compilation.groups.is_empty() {
        out.push_str("<p>Inga medskick att ta med.</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The column names of the CSV file.
pub const CSV_HEADERS: [&str; 14] = [
    "Mottagare",
    "Teman",
    "Rubrik",
    "Beskrivning",
    "Status",
    "Framfört",
    "Besvarat",
    "Svar",
    "Kommun",
    "Län",
    "Väckt av",
    "Träff",
    "Exempel",
    "Delning",
];

/// The compilation as CSV for Swedish Excel (UTF-8 with BOM, `;`, CRLF), one row per medskick, by
/// addressee; cells that a spreadsheet would run as formulas are neutralised.
pub fn to_csv(compilation: &Compilation) -> Result<Vec<u8>> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        let csv_error = |e: csv::Error| Error::invalid("file", format!("Filen kunde inte skapas: {e}"));
        writer.write_record(CSV_HEADERS).map_err(csv_error)?;
        for group in &compilation.groups {
            let mut seen: Vec<&str> = Vec::new();
            for item in group.themes.iter().flat_map(|t| t.items.iter()) {
                if seen.contains(&item.id.as_str()) {
                    continue;
                }
                seen.push(&item.id);
                let sharing =
                    if item.sharing == Sharing::Network { CONFIDENTIAL_MARK } else { item.sharing_label }.to_string();
                let record = [
                    group.heading.to_string(),
                    item.themes.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
                    item.title.clone(),
                    item.description.clone(),
                    item.status_label.to_string(),
                    item.delivered_on.clone().unwrap_or_default(),
                    item.answered_on.clone().unwrap_or_default(),
                    item.answer.clone(),
                    item.municipality.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                    item.municipality.as_ref().map(|m| m.region_name.clone()).unwrap_or_default(),
                    item.raised_by.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                    item.meeting.as_ref().map(|m| m.date.clone()).unwrap_or_default(),
                    item.examples.iter().map(|e| e.title.as_str()).collect::<Vec<_>>().join("; "),
                    sharing,
                ];
                writer.write_record(record.iter().map(|cell| neutralised(cell))).map_err(csv_error)?;
            }
        }
        writer.flush().map_err(|source| Error::Io { path: "<export>".into(), source })?;
    }
    Ok(bytes)
}

/// The compilation in `format`, as the bytes of a file.
pub fn render(compilation: &Compilation, format: CompileFormat) -> Result<Vec<u8>> {
    Ok(match format {
        CompileFormat::Markdown => to_markdown(compilation).into_bytes(),
        CompileFormat::Html => to_html(compilation).into_bytes(),
        CompileFormat::Csv => to_csv(compilation)?,
    })
}

/// Compiles `selection` and writes it to `path` in `format`; returns the compilation written.
pub fn compile_to_file(
    conn: &Connection,
    selection: &CompileSelection,
    format: CompileFormat,
    path: &Path,
) -> Result<Compilation> {
    let compilation = compile(conn, selection)?;
    crate::store::files::write_private(path, &render(&compilation, format)?)?;
    Ok(compilation)
}
