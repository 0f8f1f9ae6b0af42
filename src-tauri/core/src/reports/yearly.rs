//! "Verksamhetsberättelse": what the network did in a period (a year or any other), for the
//! association's board — meetings held and cancelled, attendance per meeting, municipality and
//! region, new members, examples by theme and stage, medskick and their status, proposals followed.
//! Printable in the app and saved as Markdown, HTML or CSV.
//!
//! The report names no members: people are counted, per municipality and region. Medskick and the
//! network's assessments are counted, never quoted, so the report holds nothing confidential.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::examples::export::{escape_html, escape_markdown};
use crate::examples::{Count, Stage};
use crate::medskick::{Addressee, Status as MedskickStatus};
use crate::members::csv::neutralised;
use crate::proposals::Status as ProposalStatus;
use crate::store::collation;
use crate::sweden::time;
use crate::text_enum;

text_enum! {
    /// The file formats the report can be saved in.
    pub enum ReportFormat ("format") {
        Markdown => ("md", "markdown"),
        Html => ("html", "html"),
        Csv => ("csv", "csv"),
    }
}

/// The period to report on, both days included (`YYYY-MM-DD`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportPeriod {
    pub from: String,
    pub to: String,
}

/// A meeting in the period with its attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingLine {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "onsdag 24 januari 2024 kl. 15.00–15.45".
    pub label: String,
    pub title: String,
    /// "genomförd", "inställd" or "planerad" (after today).
    pub outcome: &'static str,
    pub cancel_reason: String,
    pub present: i64,
    pub absent: i64,
    pub excused: i64,
}

/// A proposal followed during the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalLine {
    pub title: String,
    pub reference: String,
    pub status_label: &'static str,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearlyReport {
    pub network_name: String,
    pub from: String,
    pub to: String,
    /// "1 januari 2024 – 31 december 2024".
    pub period_label: String,
    pub meetings: Vec<MeetingLine>,
    pub meetings_held: usize,
    pub meetings_cancelled: usize,
    pub meetings_planned: usize,
    /// Attendances marked present at held meetings, and how many different people they were.
    pub attendances: i64,
    pub participants: i64,
    /// Present attendances per municipality and per region, most first.
    pub attendance_by_municipality: Vec<Count>,
    pub attendance_by_region: Vec<Count>,
    pub new_members: i64,
    pub new_members_by_municipality: Vec<Count>,
    pub examples_logged: i64,
    pub examples_by_theme: Vec<Count>,
    pub examples_by_stage: Vec<Count>,
    pub medskick_raised: i64,
    pub medskick_by_status: Vec<Count>,
    pub medskick_by_addressee: Vec<Count>,
    pub proposals_followed: Vec<ProposalLine>,
}

/// Longest period the report covers (a little over ten years), so a typing slip cannot ask for ages.
const MAX_PERIOD_DAYS: i64 = 3_700;

fn parse_period(period: &ReportPeriod) -> Result<(NaiveDate, NaiveDate)> {
    let from = time::parse_date("from", &period.from)?;
    let to = time::parse_date("to", &period.to)?;
    if to < from {
        return Err(Error::invalid("to", "Slutdatumet kan inte vara före startdatumet."));
    }
    if (to - from).num_days() > MAX_PERIOD_DAYS {
        return Err(Error::invalid("to", "Välj en period på högst tio år."));
    }
    Ok((from, to))
}

/// The UTC instant at which `date` begins in Sweden, written as the start of a stored UTC timestamp
/// (`created_at`, `updated_at`) so that timestamps compare with it as text: a row made at 00:30 on
/// 1 January in Sweden (23:30 the day before in UTC) belongs to January.
fn swedish_day_start_utc(date: NaiveDate) -> Result<String> {
    let start = time::to_utc("from", date, chrono::NaiveTime::MIN, &time::Zone::sweden(), time::RepeatedHour::Earlier)?;
    Ok(start.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// The period's bounds for SQL: `?1`/`?2` the first and last dates (for stored dates) and `?3`/`?4`
/// the instants the period starts and ends, inclusive and exclusive (for stored UTC timestamps).
fn period_bounds(from: NaiveDate, to: NaiveDate) -> Result<[String; 4]> {
    let day_after = to.succ_opt().ok_or_else(|| Error::invalid("to", "Slutdatumet ligger för långt fram."))?;
    Ok([
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
        swedish_day_start_utc(from)?,
        swedish_day_start_utc(day_after)?,
    ])
}

/// Counts by the query `sql`, which uses the period's `bounds` (see [`period_bounds`]).
fn counts(conn: &Connection, sql: &str, bounds: &[String]) -> Result<Vec<Count>> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map(params_from_iter(bounds), |row| {
        Ok(Count { key: row.get(0)?, label: row.get(1)?, count: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts keyed by a stored code, labelled in Swedish, in the enumeration's order; zero counts left out.
fn coded_counts(
    conn: &Connection,
    sql: &str,
    bounds: &[String],
    label_of: impl Fn(&str) -> Option<&'static str>,
) -> Result<Vec<Count>> {
    let mut found = counts(conn, sql, bounds)?;
    for count in &mut found {
        if let Some(label) = label_of(&count.key) {
            count.label = label.to_string();
        }
    }
    Ok(found)
}

/// The report for a period, as of `today` (meetings after today are planned, not held).
pub fn report(conn: &Connection, period: &ReportPeriod, today: NaiveDate) -> Result<YearlyReport> {
    let (from_date, to_date) = parse_period(period)?;
    let bounds = period_bounds(from_date, to_date)?;
    let [from, to, _, _] = bounds.clone();
    // Dates only (?1, ?2), for the queries that compare stored dates alone.
    let dates = &bounds[..2];
    let today = today.format("%Y-%m-%d").to_string();
    let network_name: String = conn.query_row("SELECT name FROM network", [], |row| row.get(0))?;

    let mut statement = conn.prepare(
        "SELECT m.id, m.local_date, m.start_time, m.end_time, m.title, m.status, m.cancel_reason,
             (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status = 'present'),
             (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status = 'absent'),
             (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status = 'excused')
         FROM meetings m WHERE m.local_date BETWEEN ?1 AND ?2 ORDER BY m.start_utc",
    )?;
    let meetings: Vec<MeetingLine> = statement
        .query_map(params![from, to], |row| {
            let date: NaiveDate = row.get(1)?;
            let start: chrono::NaiveTime = row.get(2)?;
            let end: chrono::NaiveTime = row.get(3)?;
            let status: String = row.get(5)?;
            let date_text = date.format("%Y-%m-%d").to_string();
            let outcome = if status == "cancelled" {
                "inställd"
            } else if date_text > today {
                "planerad"
            } else {
                "genomförd"
            };
            Ok(MeetingLine {
                id: row.get(0)?,
                label: time::long_date_and_time(date, start, end),
                date: date_text,
                title: row.get(4)?,
                outcome,
                cancel_reason: row.get(6)?,
                present: row.get(7)?,
                absent: row.get(8)?,
                excused: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let count_outcome = |outcome: &str| meetings.iter().filter(|m| m.outcome == outcome).count();

    // Present attendances at meetings held in the period (not cancelled).
    let held = "FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN members mb ON mb.id = a.member_id
         LEFT JOIN municipalities mu ON mu.code = mb.municipality_code LEFT JOIN regions r ON r.code = mu.region_code
         WHERE a.status = 'present' AND mt.status <> 'cancelled' AND mt.local_date BETWEEN ?1 AND ?2";
    let (attendances, participants): (i64, i64) =
        conn.query_row(&format!("SELECT count(*), count(DISTINCT a.member_id) {held}"), params![from, to], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let order = format!("ORDER BY 3 DESC, 2 COLLATE {}", collation::SQL_NAME);
    let attendance_by_municipality = counts(
        conn,
        &format!("SELECT coalesce(mu.code, ''), coalesce(mu.name, 'Utan kommun'), count(*) {held} GROUP BY 1 {order}"),
        dates,
    )?;
    let attendance_by_region = counts(
        conn,
        &format!("SELECT coalesce(r.code, ''), coalesce(r.name, 'Utan län'), count(*) {held} GROUP BY 1 {order}"),
        dates,
    )?;

    // A member is new in the period by the day they joined, or (not given) the day they were registered
    // in Sweden. Timestamps are UTC, so they are compared with the period's instants, not its dates.
    let joined = "FROM members mb LEFT JOIN municipalities mu ON mu.code = mb.municipality_code
         WHERE coalesce(mb.joined_on BETWEEN ?1 AND ?2, mb.created_at >= ?3 AND mb.created_at < ?4)";
    let in_period = params_from_iter(&bounds);
    let new_members: i64 = conn.query_row(&format!("SELECT count(*) {joined}"), in_period, |row| row.get(0))?;
    let new_members_by_municipality = counts(
        conn,
        &format!(
            "SELECT coalesce(mu.code, ''), coalesce(mu.name, 'Utan kommun'), count(*) {joined} GROUP BY 1 {order}"
        ),
        &bounds,
    )?;

    // Timestamps in UTC against the period's instants (?1 and ?2 go unused; SQLite counts to ?4).
    let logged = "e.created_at >= ?3 AND e.created_at < ?4";
    let examples_logged: i64 =
        conn.query_row(&format!("SELECT count(*) FROM examples e WHERE {logged}"), params_from_iter(&bounds), |row| {
            row.get(0)
        })?;
    let examples_by_theme = counts(
        conn,
        &format!(
            "SELECT t.id, t.name, count(*) FROM examples e JOIN example_themes et ON et.example_id = e.id
             JOIN themes t ON t.id = et.theme_id WHERE {logged} GROUP BY t.id {order}"
        ),
        &bounds,
    )?;
    let examples_by_stage = coded_counts(
        conn,
        &format!("SELECT e.stage, e.stage, count(*) FROM examples e WHERE {logged} GROUP BY e.stage"),
        &bounds,
        |code| Stage::ALL.iter().find(|s| s.code() == code).map(|s| s.label()),
    )?;

    // Raised on the day of the meeting where it was raised (logged afterwards or not), else when logged.
    let raised = "coalesce((SELECT m.local_date BETWEEN ?1 AND ?2 FROM meetings m WHERE m.id = x.meeting_id),
                  x.created_at >= ?3 AND x.created_at < ?4)";
    let medskick_raised: i64 =
        conn.query_row(&format!("SELECT count(*) FROM medskick x WHERE {raised}"), params_from_iter(&bounds), |row| {
            row.get(0)
        })?;
    let medskick_by_status = coded_counts(
        conn,
        &format!("SELECT x.status, x.status, count(*) FROM medskick x WHERE {raised} GROUP BY x.status"),
        &bounds,
        |code| MedskickStatus::ALL.iter().find(|s| s.code() == code).map(|s| s.label()),
    )?;
    let medskick_by_addressee = coded_counts(
        conn,
        &format!("SELECT x.addressee, x.addressee, count(*) FROM medskick x WHERE {raised} GROUP BY x.addressee"),
        &bounds,
        |code| Addressee::ALL.iter().find(|a| a.code() == code).map(|a| a.label()),
    )?;

    // Followed in the period: with one of its dates in it (registered then or afterwards), or registered
    // by its end and still followed then.
    let mut statement = conn.prepare(&format!(
        "SELECT p.title, p.reference, p.status FROM proposals p
         WHERE p.published_on BETWEEN ?1 AND ?2 OR p.remiss_deadline BETWEEN ?1 AND ?2
            OR p.decision_on BETWEEN ?1 AND ?2 OR p.in_force_on BETWEEN ?1 AND ?2
            OR (p.created_at < ?4 AND (p.status <> 'closed' OR p.updated_at >= ?3))
         ORDER BY p.title COLLATE {}",
        collation::SQL_NAME
    ))?;
    let proposals_followed = statement
        .query_map(params_from_iter(&bounds), |row| {
            let status: ProposalStatus = row.get(2)?;
            Ok(ProposalLine { title: row.get(0)?, reference: row.get(1)?, status_label: status.label() })
        })?
        .collect::<rusqlite::Result<_>>()?;

    Ok(YearlyReport {
        network_name,
        period_label: format!("{} – {}", time::day_month_year(from_date), time::day_month_year(to_date)),
        from,
        to,
        meetings_held: count_outcome("genomförd"),
        meetings_cancelled: count_outcome("inställd"),
        meetings_planned: count_outcome("planerad"),
        meetings,
        attendances,
        participants,
        attendance_by_municipality,
        attendance_by_region,
        new_members,
        new_members_by_municipality,
        examples_logged,
        examples_by_theme,
        examples_by_stage,
        medskick_raised,
        medskick_by_status,
        medskick_by_addressee,
        proposals_followed,
    })
}

fn title(report: &YearlyReport) -> String {
    format!("Verksamhetsberättelse för {}, {}", report.network_name, report.period_label)
}

/// The headline figures, as (label, value), in the order every format shows them.
pub fn summary(report: &YearlyReport) -> Vec<(&'static str, String)> {
    vec![
        ("Genomförda träffar", report.meetings_held.to_string()),
        ("Inställda träffar", report.meetings_cancelled.to_string()),
        ("Planerade träffar", report.meetings_planned.to_string()),
        ("Närvaro (deltagare totalt)", report.attendances.to_string()),
        ("Olika deltagare", report.participants.to_string()),
        (
            "Kommuner som deltog",
            report.attendance_by_municipality.iter().filter(|c| !c.key.is_empty()).count().to_string(),
        ),
        ("Nya medlemmar", report.new_members.to_string()),
        ("Loggade exempel", report.examples_logged.to_string()),
        ("Medskick", report.medskick_raised.to_string()),
        ("Bevakade förslag", report.proposals_followed.len().to_string()),
    ]
}

fn meeting_attendance(meeting: &MeetingLine) -> String {
    if meeting.outcome == "inställd" {
        let reason =
            if meeting.cancel_reason.is_empty() { String::new() } else { format!(" ({})", meeting.cancel_reason) };
        format!("inställd{reason}")
    } else if meeting.present == 0 && meeting.absent == 0 && meeting.excused == 0 {
        format!("{}: ingen närvaro registrerad", meeting.outcome)
    } else {
        format!(
            "{}: {} närvarande, {} frånvarande, {} anmält förhinder",
            meeting.outcome, meeting.present, meeting.absent, meeting.excused
        )
    }
}

/// The counted sections (heading, counts) shown as lists or charts.
pub fn count_sections(report: &YearlyReport) -> Vec<(&'static str, &[Count])> {
    vec![
        ("Närvaro per kommun", &report.attendance_by_municipality),
        ("Närvaro per län", &report.attendance_by_region),
        ("Nya medlemmar per kommun", &report.new_members_by_municipality),
        ("Exempel per tema", &report.examples_by_theme),
        ("Exempel per fas", &report.examples_by_stage),
        ("Medskick per status", &report.medskick_by_status),
        ("Medskick per mottagare", &report.medskick_by_addressee),
    ]
}

fn markdown_line(text: &str) -> String {
    escape_markdown(&text.replace(['\r', '\n'], " "))
}

/// The report as Markdown.
pub fn to_markdown(report: &YearlyReport) -> String {
    let mut out = format!("# {}\n\n## Sammanfattning\n\n", markdown_line(&title(report)));
    for (label, value) in summary(report) {
        out.push_str(&format!("- **{label}:** {value}\n"));
    }
    out.push_str("\n## Träffar\n\n");
    if report.meetings.is_empty() {
        out.push_str("Inga träffar under perioden.\n");
    }
    for meeting in &report.meetings {
        out.push_str(&format!(
            "- **{}** – {}: {}\n",
            markdown_line(&meeting.label),
            markdown_line(&meeting.title),
            markdown_line(&meeting_attendance(meeting))
        ));
    }
    for (heading, counts) in count_sections(report) {
        out.push_str(&format!("\n## {heading}\n\n"));
        if counts.is_empty() {
            out.push_str("Inga under perioden.\n");
        }
        for count in counts {
            out.push_str(&format!("- {}: {}\n", markdown_line(&count.label), count.count));
        }
    }
    out.push_str("\n## Bevakade förslag\n\n");
    if report.proposals_followed.is_empty() {
        out.push_str("Inga under perioden.\n");
    }
    for proposal in &report.proposals_followed {
        let reference =
            if proposal.reference.is_empty() { String::new() } else { format!(" ({})", proposal.reference) };
        out.push_str(&format!(
            "- {}: {}\n",
            markdown_line(&format!("{}{reference}", proposal.title)),
            proposal.status_label
        ));
    }
    out
}

/// The report as a standalone HTML document (inline style, no scripts, no remote resources).
pub fn to_html(report: &YearlyReport) -> String {
    let heading = escape_html(&title(report));
    let mut out = String::from("<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!(
        "<title>{heading}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
table{{border-collapse:collapse}}th,td{{border:1px solid #c5ced8;padding:.25rem .5rem;text-align:left}}td.n{{text-align:right}}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n"
    ));
    let table = |rows: Vec<(String, String)>| {
        let mut html = String::from("<table>\n");
        for (label, value) in rows {
            html.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>\n",
                escape_html(&label),
                escape_html(&value)
            ));
        }
        html.push_str("</table>\n");
        html
    };
    out.push_str("<h2>Sammanfattning</h2>\n");
    out.push_str(&table(summary(report).into_iter().map(|(l, v)| (l.to_string(), v)).collect()));
    out.push_str("<h2>Träffar</h2>\n");
    if report.meetings.is_empty() {
        out.push_str("<p>Inga träffar under perioden.</p>\n");
    } else {
        out.push_str(&table(
            report.meetings.iter().map(|m| (format!("{} – {}", m.label, m.title), meeting_attendance(m))).collect(),
        ));
    }
    for (heading, counts) in count_sections(report) {
        out.push_str(&format!("<h2>{heading}</h2>\n"));
        if counts.is_empty() {
            out.push_str("<p>Inga under perioden.</p>\n");
        } else {
            out.push_str(&table(counts.iter().map(|c| (c.label.clone(), c.count.to_string())).collect()));
        }
    }
    out.push_str("<h2>Bevakade förslag</h2>\n");
    if report.proposals_followed.is_empty() {
        out.push_str("<p>Inga under perioden.</p>\n");
    } else {
        out.push_str(&table(
            report
                .proposals_followed
                .iter()
                .map(|p| {
                    (
                        if p.reference.is_empty() { p.title.clone() } else { format!("{} ({})", p.title, p.reference) },
                        p.status_label.to_string(),
                    )
                })
                .collect(),
        ));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The report as CSV for Swedish Excel (UTF-8 with BOM, `;`, CRLF): one row per figure, with its section.
pub fn to_csv(report: &YearlyReport) -> Result<Vec<u8>> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        let csv_error = |e: csv::Error| Error::invalid("file", format!("Filen kunde inte skapas: {e}"));
        let mut row = |cells: [&str; 3]| writer.write_record(cells.iter().map(|c| neutralised(c))).map_err(csv_error);
        row(["Avsnitt", "Vad", "Värde"])?;
        row(["Period", &report.period_label, ""])?;
        for (label, value) in summary(report) {
            row(["Sammanfattning", label, &value])?;
        }
        for meeting in &report.meetings {
            row(["Träffar", &format!("{} {}", meeting.date, meeting.title), &meeting_attendance(meeting)])?;
        }
        for (heading, counts) in count_sections(report) {
            for count in counts {
                row([heading, &count.label, &count.count.to_string()])?;
            }
        }
        for proposal in &report.proposals_followed {
            let name = if proposal.reference.is_empty() {
                proposal.title.clone()
            } else {
                format!("{} ({})", proposal.title, proposal.reference)
            };
            row(["Bevakade förslag", &name, proposal.status_label])?;
        }
        writer.flush().map_err(|source| Error::Io { path: "<export>".into(), source })?;
    }
    Ok(bytes)
}

/// Writes the report for `period` to `path` in `format`; returns it.
pub fn report_to_file(
    conn: &Connection,
    period: &ReportPeriod,
    format: ReportFormat,
    today: NaiveDate,
    path: &Path,
) -> Result<YearlyReport> {
    let report = report(conn, period, today)?;
    let bytes = match format {
        ReportFormat::Markdown => to_markdown(&report).into_bytes(),
        ReportFormat::Html => to_html(&report).into_bytes(),
        ReportFormat::Csv => to_csv(&report)?,
    };
    crate::store::files::write_private(path, &bytes)?;
    Ok(report)
}
