//! The compiled overview of the proposals the network follows ("Bevakning – översikt"), by status
//! and next date, for the app's printable page and as Markdown or HTML.
//!
//! The network's assessment of a proposal has its own sharing level: an assessment only for the
//! network is left out unless the user asks for it, and is then marked clearly.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::proposal::{self, Proposal, Status};
use crate::error::Result;
use crate::examples::export::{escape_html, escape_markdown};
use crate::sharing::{self, SharedTable, Sharing};
use crate::sweden::{time, validate};
use crate::text_enum;

text_enum! {
    /// The file formats the overview can be saved in.
    pub enum OverviewFormat ("format") {
        Markdown => ("md", "markdown"),
        Html => ("html", "html"),
    }
}

/// What to include.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OverviewSelection {
    /// Also the assessments that may only be shared inside the network (marked as such).
    pub include_confidential: bool,
}

/// One status and its proposals, nearest date first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusGroup {
    pub status: Status,
    pub heading: &'static str,
    pub proposals: Vec<Proposal>,
}

/// The overview: what it includes, said in words, and the proposals by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub includes: String,
    pub count: usize,
    pub groups: Vec<StatusGroup>,
}

/// The words that mark an assessment only for the network.
pub const CONFIDENTIAL_MARK: &str = "Bedömning INOM NÄTVERKET – får inte spridas utanför nätverket";

/// The overview as of `today`; assessments only for the network are emptied unless asked for.
pub fn overview(conn: &Connection, selection: &OverviewSelection, today: NaiveDate) -> Result<Overview> {
    let mut all = proposal::list(conn, today)?;
    if !selection.include_confidential {
        // The related medskick and examples only for the network are not named either.
        let network_only_medskick = sharing::network_only_ids(conn, SharedTable::Medskick)?;
        let network_only_examples = sharing::network_only_ids(conn, SharedTable::Examples)?;
        for proposal in &mut all {
            proposal.medskick.retain(|item| !network_only_medskick.contains(&item.id));
            proposal.examples.retain(|item| !network_only_examples.contains(&item.id));
        }
    }
    let mut hidden = 0;
    for proposal in &mut all {
        if !proposal.assessment_sharing.may_leave_network(selection.include_confidential)
            && !proposal.assessment.is_empty()
        {
            proposal.assessment.clear();
            hidden += 1;
        }
    }
    let count = all.len();
    let groups = Status::ALL
        .iter()
        .filter_map(|&status| {
            let proposals: Vec<Proposal> = all.iter().filter(|p| p.status == status).cloned().collect();
            (!proposals.is_empty()).then_some(StatusGroup { status, heading: status.label(), proposals })
        })
        .collect();
    let includes = if selection.include_confidential {
        format!("Innehåller även nätverkets bedömningar som bara får delas inom nätverket; de är märkta ”{CONFIDENTIAL_MARK}”.")
    } else if hidden > 0 {
        let counted = if hidden == 1 { "1 bedömning".to_string() } else { format!("{hidden} bedömningar") };
        format!("Innehåller bara bedömningar som får delas öppet; {counted} inom nätverket är inte med.")
    } else {
        "Innehåller bara bedömningar som får delas öppet.".to_string()
    };
    Ok(Overview { includes, count, groups })
}

fn date_label(date: &Option<String>) -> Option<String> {
    date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(time::day_month_year)
}

/// The facts printed under a proposal's name, as (label, value).
pub fn facts(proposal: &Proposal) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if !proposal.reference.is_empty() {
        facts.push(("Beteckning", proposal.reference.clone()));
    }
    if !proposal.responsible_body.is_empty() {
        facts.push(("Ansvarig", proposal.responsible_body.clone()));
    }
    for (label, date) in [
        ("Publicerad", &proposal.published_on),
        ("Remisstid till", &proposal.remiss_deadline),
        ("Beslut", &proposal.decision_on),
        ("Träder i kraft", &proposal.in_force_on),
    ] {
        if let Some(text) = date_label(date) {
            facts.push((label, text));
        }
    }
    if let Some(next) = &proposal.next_date {
        facts.push((
            "Nästa datum",
            format!("{} {}", next.what.to_lowercase(), date_label(&Some(next.date.clone())).unwrap_or_default()),
        ));
    }
    if !proposal.medskick.is_empty() {
        facts.push(("Medskick", proposal.medskick.iter().map(|m| m.title.as_str()).collect::<Vec<_>>().join("; ")));
    }
    if !proposal.examples.is_empty() {
        facts.push(("Exempel", proposal.examples.iter().map(|e| e.title.as_str()).collect::<Vec<_>>().join("; ")));
    }
    facts
}

fn markdown_line(text: &str) -> String {
    escape_markdown(&text.replace(['\r', '\n'], " "))
}

const TITLE: &str = "Bevakning – förslag som påverkar socialtjänstens första linje";

fn today_label(today: NaiveDate) -> String {
    time::day_month_year(today)
}

/// The overview as Markdown.
pub fn to_markdown(overview: &Overview, today: NaiveDate) -> String {
    let mut out =
        format!("# {TITLE}\n\nUtskrivet {}. {} förslag. {}\n", today_label(today), overview.count, overview.includes);
    for group in &overview.groups {
        out.push_str(&format!("\n## {}\n", markdown_line(&capitalised(group.heading))));
        for proposal in &group.proposals {
            out.push_str(&format!("\n### {}\n\n", markdown_line(&proposal.title)));
            for (label, value) in facts(proposal) {
                out.push_str(&format!("- **{label}:** {}\n", markdown_line(&value)));
            }
            if !proposal.summary.is_empty() {
                out.push_str(&format!("\n{}\n", escape_markdown(&proposal.summary).replace('\n', "  \n")));
            }
            if !proposal.assessment.is_empty() {
                out.push_str("\n**Nätverkets bedömning");
                if proposal.assessment_sharing == Sharing::Network {
                    out.push_str(&format!(" ({})", markdown_line(CONFIDENTIAL_MARK)));
                }
                out.push_str(&format!(":** {}\n", escape_markdown(&proposal.assessment).replace('\n', "  \n")));
            }
            if !proposal.links.is_empty() {
                out.push('\n');
            }
            for link in &proposal.links {
                if let Ok(url) = validate::https_url("links", "Länken", &link.url) {
                    let label = markdown_line(if link.label.is_empty() { &url } else { &link.label });
                    out.push_str(&format!(
                        "- [{label}](<{}>)\n",
                        url.replace('<', "%3C").replace('>', "%3E").replace('\\', "%5C")
                    ));
                }
            }
        }
    }
    if overview.groups.is_empty() {
        out.push_str("\nInga förslag bevakas ännu.\n");
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The overview as a standalone HTML document (inline style, no scripts, no remote resources).
pub fn to_html(overview: &Overview, today: NaiveDate) -> String {
    let mut out = String::from("<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!("<title>{TITLE}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}}dt{{font-weight:650}}dd{{margin:0}}p{{white-space:pre-wrap}}\
.confidential{{border:2px solid #8a1c1c;color:#8a1c1c;font-weight:700;padding:.25rem .5rem}}</style>\n</head>\n<body>\n"));
    out.push_str(&format!(
        "<h1>{TITLE}</h1>\n<p>Utskrivet {}. {} förslag. {}</p>\n",
        escape_html(&today_label(today)),
        overview.count,
        escape_html(&overview.includes)
    ));
    for group in &overview.groups {
        out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape_html(&capitalised(group.heading))));
        for proposal in &group.proposals {
            out.push_str(&format!("<article>\n<h3>{}</h3>\n<dl>\n", escape_html(&proposal.title)));
            for (label, value) in facts(proposal) {
                out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", escape_html(&value)));
            }
            out.push_str("</dl>\n");
            if !proposal.summary.is_empty() {
                out.push_str(&format!("<p>{}</p>\n", escape_html(&proposal.summary)));
            }
            if !proposal.assessment.is_empty() {
                out.push_str("<h4>Nätverkets bedömning</h4>\n");
                if proposal.assessment_sharing == Sharing::Network {
                    out.push_str(&format!("<p class=\"confidential\">{}</p>\n", escape_html(CONFIDENTIAL_MARK)));
                }
                out.push_str(&format!("<p>{}</p>\n", escape_html(&proposal.assessment)));
            }
            let links: Vec<String> = proposal
                .links
                .iter()
                .filter_map(|link| {
                    let url = validate::https_url("links", "Länken", &link.url).ok()?;
                    let label = if link.label.is_empty() { url.clone() } else { link.label.clone() };
                    Some(format!("<li><a href=\"{}\">{}</a></li>", escape_html(&url), escape_html(&label)))
                })
                .collect();
            if !links.is_empty() {
                out.push_str(&format!("<ul>\n{}\n</ul>\n", links.join("\n")));
            }
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    if overview.groups.is_empty() {
        out.push_str("<p>Inga förslag bevakas ännu.</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes the overview as of `today` to `path` in `format`; returns it.
pub fn overview_to_file(
    conn: &Connection,
    selection: &OverviewSelection,
    format: OverviewFormat,
    today: NaiveDate,
    path: &Path,
) -> Result<Overview> {
    let overview = overview(conn, selection, today)?;
    let text = match format {
        OverviewFormat::Markdown => to_markdown(&overview, today),
        OverviewFormat::Html => to_html(&overview, today),
    };
    crate::store::files::write_private(path, text.as_bytes())?;
    Ok(overview)
}

/// Today in Sweden, the date the overview and the list count from.
pub fn today() -> NaiveDate {
    time::today_in_sweden()
}
