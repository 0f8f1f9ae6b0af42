//! `natverk meetings`: list, show, add, edit, cancel and reinstate meetings, and create series of them.

use clap::{Args, Subcommand};

use natverk_core::error::{Error, Result};
use natverk_core::meetings::series::{self, SeriesInput, SeriesRule};
use natverk_core::meetings::{self, MeetingInput};
use natverk_core::store::Database;
use natverk_core::sweden::time::RepeatedHour;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar träffarna i tidsordning
    List(JsonFlag),
    /// Visar varje medlems svar på inbjudan till en träff: ja, kanske, nej eller inget svar
    Answers {
        /// Träffens id
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Visar en träff med värdar, närvaro och presentationer
    Show {
        /// Träffens id
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Lägger in en träff; varnar för helgdagar, klämdagar, helger och krockar men lägger ändå in den
    Add {
        #[command(flatten)]
        fields: MeetingFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Ändrar en träff (bara de uppgifter som anges); id och kalender-UID behålls
    Edit {
        /// Träffens id
        id: String,
        #[command(flatten)]
        fields: MeetingFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Ställer in en träff; den finns kvar med status inställd och anledningen
    Cancel {
        /// Träffens id
        id: String,
        /// Varför träffen ställs in, till exempel "pga förhinder"
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Tar tillbaka en inställning: träffen blir av igen
    Reinstate {
        /// Träffens id
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Skapar en serie träffar från en regel eller en lista med datum
    Series(Box<SeriesArgs>),
}

/// Uppgifter om en träff; utelämnade uppgifter tas från inställningarna (add) eller behålls (edit).
#[derive(Debug, Args)]
pub struct MeetingFields {
    /// Rubrik
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Datum, ÅÅÅÅ-MM-DD
    #[arg(long, value_name = "DATUM")]
    date: Option<String>,
    /// Starttid, till exempel 15.00 (standard: inställningarna)
    #[arg(long, value_name = "TID")]
    start: Option<String>,
    /// Sluttid, till exempel 15.45 (standard: inställningarna)
    #[arg(long, value_name = "TID")]
    end: Option<String>,
    /// IANA-tidszon (standard: inställningarna, normalt Europe/Stockholm)
    #[arg(long, value_name = "ZON")]
    time_zone: Option<String>,
    /// Teams-länk (https://…); en tom sträng tar bort länken
    #[arg(long, value_name = "URL")]
    teams_url: Option<String>,
    /// Dagordning
    #[arg(long, value_name = "TEXT")]
    agenda: Option<String>,
    /// Vid den timme som upprepas när sommartiden slutar: välj den andra (vintertid)
    #[arg(long)]
    later_hour: bool,
}

impl MeetingFields {
    /// The given fields laid over `base` (empty for add, the stored meeting for edit).
    fn into_input(self, base: MeetingInput) -> MeetingInput {
        MeetingInput {
            title: self.title.unwrap_or(base.title),
            date: self.date.unwrap_or(base.date),
            start: self.start.unwrap_or(base.start),
            end: self.end.unwrap_or(base.end),
            time_zone: self.time_zone.unwrap_or(base.time_zone),
            repeated_hour: if self.later_hour { RepeatedHour::Later } else { base.repeated_hour },
            teams_url: self.teams_url.unwrap_or(base.teams_url),
            agenda: self.agenda.unwrap_or(base.agenda),
        }
    }
}

/// En serie: ange --every-weeks, --last-weekday eller --dates.
#[derive(Debug, Args)]
pub struct SeriesArgs {
    /// Var N:e vecka från --from, till exempel 4 för "var fjärde tisdag"
    #[arg(long, value_name = "N", conflicts_with_all = ["last_weekday", "dates"])]
    every_weeks: Option<u32>,
    /// Sista veckodagen i varje månad, till exempel tisdag
    #[arg(long, value_name = "VECKODAG", conflicts_with = "dates")]
    last_weekday: Option<String>,
    /// Exakta datum, kommaseparerade: 2024-09-03,2024-10-01
    #[arg(long, value_name = "DATUM,...", value_delimiter = ',')]
    dates: Vec<String>,
    /// Första datum för regeln, ÅÅÅÅ-MM-DD
    #[arg(long = "from", value_name = "DATUM")]
    from: Option<String>,
    /// Antal träffar
    #[arg(long, value_name = "N")]
    count: Option<u32>,
    /// Sista datum (för --last-weekday), ÅÅÅÅ-MM-DD
    #[arg(long, value_name = "DATUM")]
    until: Option<String>,
    /// Visa bara vilka träffar som skulle skapas, med varningar
    #[arg(long)]
    preview: bool,
    #[command(flatten)]
    fields: MeetingFields,
    #[command(flatten)]
    json: JsonFlag,
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Answers { id, json } => {
            let answers = meetings::answers::for_meeting(db.conn(), &id)?;
            if json.json {
                return out.json(&answers);
            }
            for row in &answers.rows {
                let answer = row.answer.map_or("inget svar", |a| a.label());
                let when = if row.answered_at.is_empty() { String::new() } else { format!("  ({})", row.answered_at) };
                writeln!(out, "{answer:<11} {}{when}", row.name)?;
            }
            let counts = answers.counts;
            writeln!(
                out,
                "Ja: {}, kanske: {}, nej: {}, inget svar: {}.",
                counts.yes, counts.maybe, counts.no, counts.unanswered
            )
        }
        Command::List(flag) => {
            let list = meetings::list(db.conn())?;
            if flag.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return writeln!(out, "Inga träffar.");
            }
            for meeting in &list {
                let status = match meeting.status {
                    meetings::MeetingStatus::Scheduled => String::new(),
                    meetings::MeetingStatus::Cancelled => format!("  [INSTÄLLD: {}]", meeting.cancel_reason),
                };
                writeln!(out, "{}  {}{status}\n    id {}", meeting.when_label, meeting.title, meeting.id)?;
            }
            Ok(())
        }
        Command::Show { id, json } => {
            let detail = meetings::detail(db.conn(), &id)?;
            if json.json {
                return out.json(&detail);
            }
            write_detail(out, &detail)
        }
        Command::Add { fields, json } => {
            let input = fields.into_input(MeetingInput::default());
            let scheduled = db.write(|tx| meetings::schedule(tx, &input, &[]))?;
            write_scheduled(out, "Träffen är inlagd", &scheduled, json.json)
        }
        Command::Edit { id, fields, json } => {
            let current = meetings::get(db.conn(), &id)?;
            let input = fields.into_input(meetings::input_of(db.conn(), &current)?);
            let scheduled = db.write(|tx| meetings::reschedule(tx, &id, &input, None))?;
            write_scheduled(out, "Träffen är ändrad", &scheduled, json.json)
        }
        Command::Cancel { id, reason, json } => {
            let meeting = db.write(|tx| meetings::cancel(tx, &id, &reason))?;
            if json.json {
                return out.json(&meeting);
            }
            writeln!(out, "Träffen {} är inställd: {}", meeting.when_label, meeting.cancel_reason)
        }
        Command::Reinstate { id, json } => {
            let meeting = db.write(|tx| meetings::reinstate(tx, &id))?;
            if json.json {
                return out.json(&meeting);
            }
            writeln!(out, "Träffen {} blir av igen.", meeting.when_label)
        }
        Command::Series(args) => run_series(db, *args, out),
    }
}

fn run_series(db: &mut Database, args: SeriesArgs, out: &mut Output) -> Result<()> {
    let start = || args.from.clone().unwrap_or_default();
    let rule = if let Some(weeks) = args.every_weeks {
        let count = args.count.ok_or_else(|| Error::invalid("count", "Ange antalet träffar med --count."))?;
        SeriesRule::EveryNWeeks { start: start(), interval_weeks: weeks, count }
    } else if let Some(weekday) = &args.last_weekday {
        SeriesRule::LastWeekdayOfMonth {
            start: start(),
            weekday: weekday.clone(),
            count: args.count,
            until: args.until.clone().unwrap_or_default(),
        }
    } else if !args.dates.is_empty() {
        SeriesRule::Dates { dates: args.dates.clone() }
    } else {
        return Err(Error::invalid("rule", "Ange --every-weeks N, --last-weekday VECKODAG eller --dates DATUM,..."));
    };
    let base = args.fields.into_input(MeetingInput::default());
    let input = SeriesInput {
        rule,
        title: base.title,
        start: base.start,
        end: base.end,
        time_zone: base.time_zone,
        teams_url: base.teams_url,
        agenda: base.agenda,
    };
    if args.preview {
        let sessions = series::preview(db.conn(), &input)?;
        if args.json.json {
            return out.json(&sessions);
        }
        for session in &sessions {
            writeln!(out, "{}", session.when_label)?;
            for warning in &session.warnings {
                writeln!(out, "    Obs: {}", warning.message)?;
            }
        }
        return writeln!(out, "{} träffar skulle skapas (inget är sparat).", sessions.len());
    }
    let created = db.write(|tx| series::create(tx, &input))?;
    if args.json.json {
        return out.json(&created);
    }
    for scheduled in &created {
        writeln!(out, "{}  id {}", scheduled.meeting.when_label, scheduled.meeting.id)?;
        for warning in &scheduled.warnings {
            writeln!(out, "    Obs: {}", warning.message)?;
        }
    }
    writeln!(out, "{} träffar är inlagda.", created.len())
}

fn write_scheduled(out: &mut Output, heading: &str, scheduled: &meetings::Scheduled, json: bool) -> Result<()> {
    if json {
        return out.json(scheduled);
    }
    let meeting = &scheduled.meeting;
    writeln!(out, "{heading}: {}  {}\n    id {}", meeting.when_label, meeting.title, meeting.id)?;
    for warning in &scheduled.warnings {
        writeln!(out, "Obs: {}", warning.message)?;
    }
    Ok(())
}

fn write_detail(out: &mut Output, detail: &meetings::MeetingDetail) -> Result<()> {
    let meeting = &detail.meeting;
    writeln!(out, "{}\n{}", meeting.title, meeting.when_label)?;
    writeln!(out, "Status: {}", meeting.status.label())?;
    if !meeting.cancel_reason.is_empty() {
        writeln!(out, "Anledning: {}", meeting.cancel_reason)?;
    }
    if !meeting.teams_url.is_empty() {
        writeln!(out, "Teams: {}", meeting.teams_url)?;
    }
    writeln!(out, "Inbjudans sekvensnummer: {}", meeting.sequence)?;
    for warning in &detail.warnings {
        writeln!(out, "Obs: {}", warning.message)?;
    }
    if !detail.hosts.is_empty() {
        let names: Vec<&str> = detail.hosts.iter().map(|h| h.name.as_str()).collect();
        writeln!(out, "Värdar: {}", names.join(", "))?;
    }
    if !meeting.agenda.is_empty() {
        writeln!(out, "\nDagordning:\n{}", meeting.agenda)?;
    }
    if !meeting.focus.is_empty() {
        writeln!(out, "\nFokus: {}", meeting.focus)?;
    }
    if !meeting.notes.is_empty() {
        writeln!(out, "\nAnteckningar ({}):\n{}", meeting.notes_status.label(), meeting.notes)?;
    }
    let counts = detail.attendance_summary;
    writeln!(
        out,
        "\nNärvaro: {} närvarande, {} frånvarande, {} anmält förhinder",
        counts.present, counts.absent, counts.excused
    )?;
    for row in detail.attendance.iter().filter(|r| r.status.is_some()) {
        let status = row.status.map(|s| s.label()).unwrap_or_default();
        writeln!(out, "    {:<28} {:<16} {}", row.name, row.municipality_name.as_deref().unwrap_or(""), status)?;
    }
    for presentation in &detail.presentations {
        let who = presentation.member_name.as_deref().or(presentation.municipality_name.as_deref()).unwrap_or("");
        writeln!(out, "Presentation: {who} {}", presentation.note)?;
    }
    Ok(())
}
