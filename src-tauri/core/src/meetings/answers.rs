//! Members' answers to a meeting's invitation (ja / kanske / nej / inget svar): from their calendars' replies or set by the host.
//!
//! One answer per member per meeting. A reply counts only when it is not older than the stored one:
//! a higher SEQUENCE wins, and at the same SEQUENCE the later DTSTAMP. An answer the host sets by
//! hand always wins over what was stored, and a later reply may change it again.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::meeting;
use crate::error::{Error, Result};
use crate::members::{self, Invitee};
use crate::store::clock::now_timestamp;
use crate::store::collation;
use crate::text_enum;

text_enum! {
    /// A member's answer to an invitation (iTIP PARTSTAT ACCEPTED / TENTATIVE / DECLINED).
    pub enum Answer ("svar") {
        Yes => ("yes", "ja"),
        Maybe => ("maybe", "kanske"),
        No => ("no", "nej"),
    }
}

text_enum! {
    /// Where an answer came from.
    pub enum AnswerSource ("svarets källa") {
        Reply => ("reply", "svar från kalendern"),
        Manual => ("manual", "satt av värden"),
    }
}

impl Answer {
    /// The answer a PARTSTAT means; NEEDS-ACTION and DELEGATED are no answer.
    pub fn from_partstat(partstat: &str) -> Option<Answer> {
        match partstat.trim().to_ascii_uppercase().as_str() {
            "ACCEPTED" => Some(Answer::Yes),
            "TENTATIVE" => Some(Answer::Maybe),
            "DECLINED" => Some(Answer::No),
            _ => None,
        }
    }
}

/// One member's line on the meeting page; `answer` is `None` for "inget svar".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRow {
    pub member_id: String,
    pub name: String,
    pub email: Option<String>,
    pub answer: Option<Answer>,
    /// When the member answered (UTC, RFC 3339), empty without an answer.
    pub answered_at: String,
    pub source: Option<AnswerSource>,
}

/// How many said yes, maybe, no, and how many have not answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AnswerCounts {
    pub yes: usize,
    pub maybe: usize,
    pub no: usize,
    pub unanswered: usize,
}

/// The answers to one meeting with their counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingAnswers {
    pub meeting_id: String,
    pub rows: Vec<AnswerRow>,
    pub counts: AnswerCounts,
}

/// Every active member (and anyone else who answered) with their answer to the meeting.
pub fn for_meeting(conn: &Connection, meeting_id: &str) -> Result<MeetingAnswers> {
    meeting::get(conn, meeting_id)?;
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.name, m.email, a.answer, a.answered_at, a.source FROM members m
         LEFT JOIN meeting_answers a ON a.member_id = m.id AND a.meeting_id = ?1
         WHERE (m.status = 'active' AND m.fss_member = 1 AND m.anonymised_at IS NULL) OR a.answer IS NOT NULL
         ORDER BY m.name COLLATE {}, m.id",
        collation::SQL_NAME
    ))?;
    let rows = statement
        .query_map([meeting_id], |row| {
            Ok(AnswerRow {
                member_id: row.get(0)?,
                name: row.get(1)?,
                email: row.get(2)?,
                answer: row.get(3)?,
                answered_at: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                source: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut counts = AnswerCounts::default();
    for row in &rows {
        match row.answer {
            Some(Answer::Yes) => counts.yes += 1,
            Some(Answer::Maybe) => counts.maybe += 1,
            Some(Answer::No) => counts.no += 1,
            None => counts.unanswered += 1,
        }
    }
    Ok(MeetingAnswers { meeting_id: meeting_id.to_string(), rows, counts })
}

/// The invitees who have not answered at all (a reminder never goes to those who said no).
pub fn unanswered(conn: &Connection, meeting_id: &str, invitees: Vec<Invitee>) -> Result<Vec<Invitee>> {
    let answered: HashMap<String, Answer> = for_meeting(conn, meeting_id)?
        .rows
        .into_iter()
        .filter_map(|row| Some((row.email?.to_lowercase(), row.answer?)))
        .collect();
    Ok(invitees.into_iter().filter(|invitee| !answered.contains_key(&invitee.email.to_lowercase())).collect())
}

/// The host sets (or with `None` clears) one member's answer by hand.
pub fn set_by_hand(
    tx: &Transaction,
    meeting_id: &str,
    member_id: &str,
    answer: Option<&str>,
) -> Result<MeetingAnswers> {
    meeting::get(tx, meeting_id)?;
    if !members::exists(tx, member_id)? {
        return Err(Error::invalid("answer", "Personen finns inte bland medlemmarna."));
    }
    match answer.map(str::trim).filter(|text| !text.is_empty()) {
        None => {
            tx.execute(
                "DELETE FROM meeting_answers WHERE meeting_id = ?1 AND member_id = ?2",
                (meeting_id, member_id),
            )?;
        }
        Some(text) => {
            let answer = Answer::parse("answer", text)?;
            let at = now_timestamp();
            // A manual answer keeps the sequence it replaces, so only a reply to a newer invitation overrides it.
            tx.execute(
                "INSERT INTO meeting_answers (meeting_id, member_id, answer, answered_at, sequence, source, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 0, 'manual', ?4)
                 ON CONFLICT (meeting_id, member_id) DO UPDATE SET answer = excluded.answer,
                     answered_at = excluded.answered_at, source = 'manual', updated_at = excluded.updated_at",
                rusqlite::params![meeting_id, member_id, answer, at],
            )?;
        }
    }
    for_meeting(tx, meeting_id)
}

/// What storing a reply did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyOutcome {
    /// Stored (new or replacing an older answer).
    Stored,
    /// The stored answer is from a newer invitation or a later reply; this one is older.
    Older,
}

/// Stores a reply's answer unless an answer to a newer invitation, or a later one, is already stored.
/// `answered_at` is RFC 3339 UTC (comparable as text).
pub fn store_reply(
    tx: &Transaction,
    meeting_id: &str,
    member_id: &str,
    answer: Answer,
    sequence: u32,
    answered_at: &str,
) -> Result<ReplyOutcome> {
    if let Some((stored_sequence, stored_at)) = stored_rank(tx, meeting_id, member_id)? {
        if (sequence, answered_at) < (stored_sequence, stored_at.as_str()) {
            return Ok(ReplyOutcome::Older);
        }
    }
    tx.execute(
        "INSERT INTO meeting_answers (meeting_id, member_id, answer, answered_at, sequence, source, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'reply', ?6)
         ON CONFLICT (meeting_id, member_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at,
             sequence = excluded.sequence, source = 'reply', updated_at = excluded.updated_at",
        rusqlite::params![meeting_id, member_id, answer, answered_at, sequence, now_timestamp()],
    )?;
    Ok(ReplyOutcome::Stored)
}

/// The SEQUENCE and time of the stored answer, by which a reply is newer or older.
pub fn stored_rank(conn: &Connection, meeting_id: &str, member_id: &str) -> Result<Option<(u32, String)>> {
    Ok(conn
        .query_row(
            "SELECT sequence, answered_at FROM meeting_answers WHERE meeting_id = ?1 AND member_id = ?2",
            (meeting_id, member_id),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// The member with this e-mail address (case-insensitive), not anonymised: (id, name).
pub fn member_by_email(conn: &Connection, email: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, name FROM members WHERE lower(email) = lower(?1) AND anonymised_at IS NULL
             ORDER BY status = 'active' DESC LIMIT 1",
            [email.trim()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// An answer as the host sets it from the meeting page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ManualAnswer {
    pub member_id: String,
    /// `yes`, `maybe`, `no`, or empty for "inget svar".
    pub answer: Option<String>,
}
