//! A proposal the network keeps track of: reference, responsible body, dates, summary, the network's
//! assessment (with its own sharing level), status, https links, related medskick and examples, and its SQL.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::examples::ExampleLink;
use crate::sharing::Sharing;
use crate::store::clock::now_timestamp;
use crate::store::sql::{self, NamedValue};
use crate::store::{collation, tombstones};
use crate::sweden::{time, validate};
use crate::text_enum;

text_enum! {
    /// Where a proposal is in its course, as the network follows it.
    pub enum Status ("status") {
        Watching => ("watching", "bevakas"),
        Remiss => ("remiss", "på remiss"),
        Decided => ("decided", "beslutad"),
        InForce => ("in_force", "i kraft"),
        Closed => ("closed", "avslutad"),
    }
}

/// A link to the proposal or a comment on it, always https.
pub type ProposalLink = ExampleLink;

/// A medskick or an example a proposal relates to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedItem {
    pub id: String,
    pub title: String,
}

/// The next date ahead for a proposal and what happens then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "Remisstiden går ut", "Beslut", "Träder i kraft".
    pub what: &'static str,
}

/// A proposal with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub id: String,
    pub title: String,
    pub reference: String,
    pub responsible_body: String,
    pub published_on: Option<String>,
    pub remiss_deadline: Option<String>,
    pub decision_on: Option<String>,
    pub in_force_on: Option<String>,
    pub summary: String,
    pub assessment: String,
    pub assessment_sharing: Sharing,
    pub assessment_sharing_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    pub links: Vec<ProposalLink>,
    pub medskick: Vec<RelatedItem>,
    pub examples: Vec<RelatedItem>,
    /// Filled in by [`list`] (it depends on today): the next date ahead, if any.
    pub next_date: Option<NextDate>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a host registers; checked by the same rules in the app and on the command line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub title: String,
    pub reference: String,
    pub responsible_body: String,
    /// `YYYY-MM-DD` or empty, each.
    pub published_on: String,
    pub remiss_deadline: String,
    pub decision_on: String,
    pub in_force_on: String,
    pub summary: String,
    pub assessment: String,
    /// `network` (default) or `open`, or the Swedish words.
    pub assessment_sharing: String,
    /// A status code or label; `remiss` when a remiss deadline is given, `watching` otherwise.
    pub status: String,
    pub links: Vec<ProposalLink>,
    pub medskick_ids: Vec<String>,
    pub example_ids: Vec<String>,
}

/// The longest texts (characters) and most links and relations.
pub const TITLE_MAX_CHARS: usize = 300;
pub const REFERENCE_MAX_CHARS: usize = 100;
pub const BODY_MAX_CHARS: usize = 200;
pub const SUMMARY_MAX_CHARS: usize = 20_000;
pub const ASSESSMENT_MAX_CHARS: usize = 20_000;
pub const LINK_LABEL_MAX_CHARS: usize = 200;
pub const MAX_LINKS: usize = 20;
pub const MAX_RELATED: usize = 100;

#[derive(Debug, Clone, PartialEq)]
struct ValidProposal {
    title: String,
    reference: String,
    responsible_body: String,
    published_on: Option<String>,
    remiss_deadline: Option<String>,
    decision_on: Option<String>,
    in_force_on: Option<String>,
    summary: String,
    assessment: String,
    assessment_sharing: Sharing,
    status: Status,
    links: Vec<ProposalLink>,
    medskick_ids: Vec<String>,
    example_ids: Vec<String>,
}

fn optional_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        time::parse_date(field, text).map(Some)
    }
}

fn related_ids(conn: &Connection, field: &'static str, table: &str, what: &str, ids: &[String]) -> Result<Vec<String>> {
    if ids.len() > MAX_RELATED {
        return Err(Error::invalid(field, format!("Högst {MAX_RELATED} kopplingar.")));
    }
    let mut chosen: Vec<String> = Vec::new();
    for id in ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
        let exists =
            conn.query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |_| Ok(())).optional()?.is_some();
        if !exists {
            return Err(Error::invalid(field, format!("Ett av de valda {what} finns inte längre. Ladda om sidan.")));
        }
        if !chosen.iter().any(|c| c == id) {
            chosen.push(id.to_string());
        }
    }
    Ok(chosen)
}

impl ProposalInput {
    fn validated(&self, conn: &Connection) -> Result<ValidProposal> {
        let title = validate::required_text("title", "Namnet", &self.title, TITLE_MAX_CHARS)?;
        let reference = validate::optional_text("reference", "Beteckningen", &self.reference, REFERENCE_MAX_CHARS)?;
        let responsible_body =
            validate::optional_text("responsible_body", "Ansvarig", &self.responsible_body, BODY_MAX_CHARS)?;
        let summary = validate::optional_text("summary", "Sammanfattningen", &self.summary, SUMMARY_MAX_CHARS)?;
        let assessment = validate::optional_text("assessment", "Bedömningen", &self.assessment, ASSESSMENT_MAX_CHARS)?;
        let published_on = optional_date("published_on", &self.published_on)?;
        let remiss_deadline = optional_date("remiss_deadline", &self.remiss_deadline)?;
        let decision_on = optional_date("decision_on", &self.decision_on)?;
        let in_force_on = optional_date("in_force_on", &self.in_force_on)?;
        if let (Some(published), Some(deadline)) = (published_on, remiss_deadline) {
            if deadline < published {
                return Err(Error::invalid(
                    "remiss_deadline",
                    "Remisstiden kan inte gå ut innan förslaget publicerades.",
                ));
            }
        }
        if let (Some(decision), Some(in_force)) = (decision_on, in_force_on) {
            if in_force < decision {
                return Err(Error::invalid("in_force_on", "Förslaget kan inte träda i kraft före beslutet."));
            }
        }
        let assessment_sharing = if self.assessment_sharing.trim().is_empty() {
            Sharing::Network
        } else {
            Sharing::parse_typed("assessment_sharing", &self.assessment_sharing)?
        };
        let status = match self.status.trim() {
            "" if remiss_deadline.is_some() => Status::Remiss,
            "" => Status::Watching,
            typed => Status::parse("status", typed)?,
        };
        if self.links.len() > MAX_LINKS {
            return Err(Error::invalid("links", format!("Ett förslag kan ha högst {MAX_LINKS} länkar.")));
        }
        let mut links = Vec::new();
        for link in self.links.iter().filter(|l| !(l.url.trim().is_empty() && l.label.trim().is_empty())) {
            let url = validate::https_url("links", "Länken", &link.url)?;
            let label = validate::optional_text("links", "Länktexten", &link.label, LINK_LABEL_MAX_CHARS)?;
            links.push(ProposalLink { url, label });
        }
        let medskick_ids = related_ids(conn, "medskick_ids", "medskick", "medskicken", &self.medskick_ids)?;
        let example_ids = related_ids(conn, "example_ids", "examples", "exemplen", &self.example_ids)?;
        let text = |date: Option<NaiveDate>| date.map(|d| d.format("%Y-%m-%d").to_string());
        Ok(ValidProposal {
            title,
            reference,
            responsible_body,
            published_on: text(published_on),
            remiss_deadline: text(remiss_deadline),
            decision_on: text(decision_on),
            in_force_on: text(in_force_on),
            summary,
            assessment,
            assessment_sharing,
            status,
            links,
            medskick_ids,
            example_ids,
        })
    }
}

/// The columns a person edits, written alike by insert and update; each is bound as `:column`.
const EDITED_COLUMNS: &str = "title, reference, responsible_body, published_on, remiss_deadline, decision_on, \
                              in_force_on, summary, assessment, assessment_sharing, status";

fn edited_params(valid: &ValidProposal) -> Vec<NamedValue> {
    vec![
        (":title", sql::text(&valid.title)),
        (":reference", sql::text(&valid.reference)),
        (":responsible_body", sql::text(&valid.responsible_body)),
        (":published_on", sql::optional_text(valid.published_on.as_deref())),
        (":remiss_deadline", sql::optional_text(valid.remiss_deadline.as_deref())),
        (":decision_on", sql::optional_text(valid.decision_on.as_deref())),
        (":in_force_on", sql::optional_text(valid.in_force_on.as_deref())),
        (":summary", sql::text(&valid.summary)),
        (":assessment", sql::text(&valid.assessment)),
        (":assessment_sharing", sql::text(valid.assessment_sharing.code())),
        (":status", sql::text(valid.status.code())),
    ]
}

fn write_parts(tx: &Transaction, id: &str, valid: &ValidProposal) -> Result<()> {
    for table in ["proposal_links", "proposal_medskick", "proposal_examples"] {
        tx.execute(&format!("DELETE FROM {table} WHERE proposal_id = ?1"), [id])?;
    }
    for (position, link) in valid.links.iter().enumerate() {
        tx.execute(
            "INSERT INTO proposal_links (proposal_id, position, url, label) VALUES (?1, ?2, ?3, ?4)",
            (id, position as i64, &link.url, &link.label),
        )?;
    }
    for medskick_id in &valid.medskick_ids {
        tx.execute("INSERT INTO proposal_medskick (proposal_id, medskick_id) VALUES (?1, ?2)", (id, medskick_id))?;
    }
    for example_id in &valid.example_ids {
        tx.execute("INSERT INTO proposal_examples (proposal_id, example_id) VALUES (?1, ?2)", (id, example_id))?;
    }
    Ok(())
}

/// Registers a proposal to keep track of; returns it as stored.
pub fn create(tx: &Transaction, input: &ProposalInput) -> Result<Proposal> {
    let valid = input.validated(tx)?;
    let id = sql::insert_logged_here(tx, "proposals", EDITED_COLUMNS, edited_params(&valid))?;
    write_parts(tx, &id, &valid)?;
    get(tx, &id)
}

/// Replaces a proposal's fields; returns it as stored.
pub fn update(tx: &Transaction, id: &str, input: &ProposalInput) -> Result<Proposal> {
    let valid = input.validated(tx)?;
    if !sql::update_edited(tx, "proposals", EDITED_COLUMNS, id, edited_params(&valid))? {
        return Err(not_found(id));
    }
    write_parts(tx, id, &valid)?;
    get(tx, id)
}

/// Deletes a proposal and leaves a tombstone so the deletion can travel to other installations.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    if tx.execute("DELETE FROM proposals WHERE id = ?1", [id])? == 0 {
        return Err(not_found(id));
    }
    tombstones::record(tx, "proposals", id, &now_timestamp())
}

fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Förslaget", id: id.to_string() }
}

/// One proposal with its links and related medskick and examples (`next_date` as of today).
pub fn get(conn: &Connection, id: &str) -> Result<Proposal> {
    let mut proposal = conn
        .query_row(
            "SELECT id, title, reference, responsible_body, published_on, remiss_deadline, decision_on, in_force_on,
                 summary, assessment, assessment_sharing, status, created_at, updated_at
             FROM proposals WHERE id = ?1",
            [id],
            |row| {
                let sharing: Sharing = row.get(10)?;
                let status: Status = row.get(11)?;
                Ok(Proposal {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    reference: row.get(2)?,
                    responsible_body: row.get(3)?,
                    published_on: row.get(4)?,
                    remiss_deadline: row.get(5)?,
                    decision_on: row.get(6)?,
                    in_force_on: row.get(7)?,
                    summary: row.get(8)?,
                    assessment: row.get(9)?,
                    assessment_sharing: sharing,
                    assessment_sharing_label: sharing.label(),
                    status,
                    status_label: status.label(),
                    links: Vec::new(),
                    medskick: Vec::new(),
                    examples: Vec::new(),
                    next_date: None,
                    created_at: row.get(12)?,
                    updated_at: row.get(13)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let mut links =
        conn.prepare_cached("SELECT url, label FROM proposal_links WHERE proposal_id = ?1 ORDER BY position")?;
    proposal.links = links
        .query_map([id], |row| Ok(ProposalLink { url: row.get(0)?, label: row.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    proposal.medskick = related(conn, "proposal_medskick", "medskick", "medskick_id", id)?;
    proposal.examples = related(conn, "proposal_examples", "examples", "example_id", id)?;
    proposal.next_date = next_date(&proposal, time::today_in_sweden());
    Ok(proposal)
}

fn related(conn: &Connection, link_table: &str, table: &str, column: &str, id: &str) -> Result<Vec<RelatedItem>> {
    let sql = format!(
        "SELECT t.id, t.title FROM {link_table} l JOIN {table} t ON t.id = l.{column}
         WHERE l.proposal_id = ?1 ORDER BY t.title COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([id], |row| Ok(RelatedItem { id: row.get(0)?, title: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first of the proposal's dates on or after `today`: remiss deadline, decision, entry into force.
pub fn next_date(proposal: &Proposal, today: NaiveDate) -> Option<NextDate> {
    let today = today.format("%Y-%m-%d").to_string();
    [
        (&proposal.remiss_deadline, "Remisstiden går ut"),
        (&proposal.decision_on, "Beslut"),
        (&proposal.in_force_on, "Träder i kraft"),
    ]
    .into_iter()
    .filter_map(|(date, what)| date.as_ref().filter(|d| **d >= today).map(|d| NextDate { date: d.clone(), what }))
    .min_by(|a, b| a.date.cmp(&b.date))
}

/// Every proposal, the one with the nearest date ahead first; those with nothing ahead follow
/// (closed ones last), each group in Swedish order of name.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<Proposal>> {
    let mut statement = conn.prepare("SELECT id FROM proposals")?;
    let ids: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut proposals = Vec::with_capacity(ids.len());
    for id in &ids {
        let mut proposal = get(conn, id)?;
        proposal.next_date = next_date(&proposal, today);
        proposals.push(proposal);
    }
    proposals.sort_by(|a, b| {
        let rank = |p: &Proposal| match (&p.next_date, p.status) {
            (_, Status::Closed) => (2, String::new()),
            (Some(next), _) => (0, next.date.clone()),
            (None, _) => (1, String::new()),
        };
        rank(a).cmp(&rank(b)).then_with(|| collation::compare(&a.title, &b.title))
    });
    Ok(proposals)
}
