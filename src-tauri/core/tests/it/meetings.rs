//! Meetings: the seeded 2024 series, UTC derived from Stockholm wall-clock time, validation.

use natverk_core::meetings::{self, MeetingInput, MeetingStatus};
use natverk_core::store::clock::utc_text;
use natverk_core::Database;

use crate::support::snapshot;

#[test]
fn the_five_2024_meetings_are_seeded_at_15_in_stockholm() {
    let db = Database::open_in_memory().unwrap();
    let list = meetings::list(db.conn()).unwrap();
    let summary: Vec<(String, String, String, &str)> = list
        .iter()
        .map(|m| (m.date.to_string(), utc_text(m.start_utc), utc_text(m.end_utc), m.status.code()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2024-01-24".into(), "2024-01-24T14:00:00Z".into(), "2024-01-24T14:45:00Z".into(), "scheduled"),
            ("2024-02-29".into(), "2024-02-29T14:00:00Z".into(), "2024-02-29T14:45:00Z".into(), "cancelled"),
            ("2024-03-26".into(), "2024-03-26T14:00:00Z".into(), "2024-03-26T14:45:00Z".into(), "scheduled"),
            ("2024-04-23".into(), "2024-04-23T13:00:00Z".into(), "2024-04-23T13:45:00Z".into(), "scheduled"),
            ("2024-05-28".into(), "2024-05-28T13:00:00Z".into(), "2024-05-28T13:45:00Z".into(), "scheduled"),
        ]
    );
    assert!(list.iter().all(|m| m.time_zone == "Europe/Stockholm"));
    assert_eq!(list[0].when_label, "onsdag 24 januari 2024 kl. 15.00–15.45");
    assert_eq!(list[3].when_label, "tisdag 23 april 2024 kl. 15.00–15.45");
    let cancelled = &list[1];
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason, "pga förhinder");
    assert_eq!(cancelled.sequence, 1, "a cancellation raises the invitation sequence");
}

#[test]
fn meeting_json_carries_rfc3339_utc_instants_and_local_fields() {
    let db = Database::open_in_memory().unwrap();
    let list = meetings::list(db.conn()).unwrap();
    let json = serde_json::to_value(&list[0]).unwrap();
    assert_eq!(json["start_utc"], "2024-01-24T14:00:00Z");
    assert_eq!(json["end_utc"], "2024-01-24T14:45:00Z");
    assert_eq!(json["date"], "2024-01-24");
    assert_eq!(json["start"], "15:00");
    assert_eq!(json["end"], "15:45");
    assert_eq!(json["time_zone"], "Europe/Stockholm");
    assert_eq!(json["status"], "scheduled");
}

fn input(date: &str, start: &str, end: &str) -> MeetingInput {
    MeetingInput {
        title: "Träff om uppsökande arbete".into(),
        date: date.into(),
        start: start.into(),
        end: end.into(),
        ..MeetingInput::default()
    }
}

#[test]
fn a_new_meeting_gets_its_utc_times_from_the_zone_database() {
    let mut db = Database::open_in_memory().unwrap();
    let meeting = db.write(|tx| meetings::schedule(tx, &input("2024-10-29", "15.00", "15.45"), &[])).unwrap().meeting;
    assert_eq!(utc_text(meeting.start_utc), "2024-10-29T14:00:00Z", "after the autumn change, UTC+1");
    assert_eq!(meeting.sequence, 0);
    assert!(meeting.ical_uid.starts_with(&meeting.id));
}

#[test]
fn invalid_meetings_are_refused_with_the_field_named_and_nothing_is_written() {
    let mut db = Database::open_in_memory().unwrap();
    let before = snapshot(&db);
    let cases = [
        (input("2024-03-31", "02:30", "03:30"), "start", "finns inte"),
        (input("2024-09-03", "15:45", "15:00"), "end", "senare än starttiden"),
        (input("2024-02-30", "15:00", "15:45"), "date", "inget giltigt datum"),
        (MeetingInput { title: "  ".into(), ..input("2024-09-03", "15:00", "15:45") }, "title", "måste fyllas i"),
        (
            MeetingInput { teams_url: "http://teams.microsoft.com/x".into(), ..input("2024-09-03", "15:00", "15:45") },
            "teams_url",
            "https://",
        ),
    ];
    for (meeting, field, words) in cases {
        let error = db.write(|tx| meetings::schedule(tx, &meeting, &[])).unwrap_err();
        assert_eq!(error.field(), Some(field), "{error}");
        assert!(error.to_string().contains(words), "{error}");
    }
    assert_eq!(snapshot(&db), before);
}

fn kinds(scheduled: &meetings::Scheduled) -> Vec<meetings::WarningKind> {
    scheduled.warnings.iter().map(|w| w.kind).collect()
}

fn schedule(db: &mut Database, meeting: MeetingInput) -> natverk_core::Result<meetings::Scheduled> {
    db.write(|tx| meetings::schedule(tx, &meeting, &[]))
}

#[test]
fn scheduling_on_midsummer_eve_a_squeeze_day_or_a_saturday_warns_but_still_schedules() {
    use meetings::WarningKind::{DayOff, SqueezeDay, Weekend};
    let mut db = Database::open_in_memory().unwrap();
    let midsummer = schedule(&mut db, input("2024-06-21", "15.00", "15.45")).unwrap();
    assert_eq!(kinds(&midsummer), vec![DayOff]);
    assert!(midsummer.warnings[0].message.contains("midsommarafton"), "{:?}", midsummer.warnings);
    let squeeze = schedule(&mut db, input("2025-05-30", "15.00", "15.45")).unwrap();
    assert_eq!(kinds(&squeeze), vec![SqueezeDay]);
    assert!(squeeze.warnings[0].message.contains("Kristi himmelsfärdsdag"), "{:?}", squeeze.warnings);
    let saturday = schedule(&mut db, input("2024-09-07", "15.00", "15.45")).unwrap();
    assert_eq!(kinds(&saturday), vec![Weekend]);
    let ordinary = schedule(&mut db, input("2024-09-03", "15.00", "15.45")).unwrap();
    assert!(ordinary.warnings.is_empty(), "an ordinary Tuesday gives no warnings: {:?}", ordinary.warnings);
    assert_eq!(meetings::list(db.conn()).unwrap().len(), 9, "all four were scheduled despite the warnings");
}

#[test]
fn an_overlapping_meeting_warns_unless_the_other_one_is_cancelled() {
    let mut db = Database::open_in_memory().unwrap();
    // 23 April 2024 15.00–15.45 is seeded; 15.30–16.00 overlaps it.
    let overlapping = schedule(&mut db, input("2024-04-23", "15.30", "16.00")).unwrap();
    assert_eq!(kinds(&overlapping), vec![meetings::WarningKind::Overlap]);
    assert!(overlapping.warnings[0].message.contains("23 april 2024"), "{:?}", overlapping.warnings);
    // 29 Feb 2024 is seeded as cancelled, so it does not count as an overlap.
    let on_cancelled = schedule(&mut db, input("2024-02-29", "15.00", "15.45")).unwrap();
    assert!(on_cancelled.warnings.is_empty(), "{:?}", on_cancelled.warnings);
    let after = schedule(&mut db, input("2024-05-28", "15.45", "16.30")).unwrap();
    assert!(after.warnings.is_empty(), "a meeting that starts when another ends does not overlap");
}

#[test]
fn empty_start_and_end_take_the_network_defaults_and_convert_to_utc() {
    let mut db = Database::open_in_memory().unwrap();
    let april = schedule(&mut db, input("2025-04-15", "", "")).unwrap().meeting;
    assert_eq!(utc_text(april.start_utc), "2025-04-15T13:00:00Z", "15.00 in April is 13:00 UTC");
    assert_eq!(utc_text(april.end_utc), "2025-04-15T13:45:00Z");
    let january = schedule(&mut db, input("2025-01-14", "", "")).unwrap().meeting;
    assert_eq!(utc_text(january.start_utc), "2025-01-14T14:00:00Z", "15.00 in January is 14:00 UTC");
}

#[test]
fn rescheduling_keeps_the_identity_and_raises_the_sequence_only_for_changes_invitees_see() {
    let mut db = Database::open_in_memory().unwrap();
    let created = schedule(&mut db, input("2024-09-03", "15.00", "15.45")).unwrap().meeting;
    let moved = db
        .write(|tx| meetings::reschedule(tx, &created.id, &input("2024-09-10", "15.00", "15.45"), None))
        .unwrap()
        .meeting;
    assert_eq!((moved.id.as_str(), moved.ical_uid.as_str()), (created.id.as_str(), created.ical_uid.as_str()));
    assert_eq!(moved.sequence, 1, "a new date is a change invitees must see");
    let same = db
        .write(|tx| meetings::reschedule(tx, &created.id, &input("2024-09-10", "15:00", "1545"), None))
        .unwrap()
        .meeting;
    assert_eq!(same.sequence, 1, "saving the same schedule again changes nothing");
    let with_link = MeetingInput {
        teams_url: "https://teams.microsoft.com/l/meetup-join/ny".into(),
        ..input("2024-09-10", "15.00", "15.45")
    };
    let relinked = db.write(|tx| meetings::reschedule(tx, &created.id, &with_link, None)).unwrap().meeting;
    assert_eq!(relinked.sequence, 2, "a new Teams link matters to invitees");
    let recorded = db
        .write(|tx| {
            meetings::save_record(
                tx,
                &created.id,
                &meetings::RecordInput {
                    focus: "Uppsökande arbete".into(),
                    notes: "Anteckningar".into(),
                    notes_status: "final".into(),
                },
            )
        })
        .unwrap();
    assert_eq!(recorded.sequence, 2, "focus and minutes are not in the invitation");
    assert_eq!(recorded.notes_status, meetings::NotesStatus::Final);
}

#[test]
fn cancelling_needs_a_reason_and_cancelling_then_editing_raises_the_sequence_each_time() {
    let mut db = Database::open_in_memory().unwrap();
    let created = schedule(&mut db, input("2024-09-03", "15.00", "15.45")).unwrap().meeting;
    let before = snapshot(&db);
    let error = db.write(|tx| meetings::cancel(tx, &created.id, "   ")).unwrap_err();
    assert_eq!(error.field(), Some("reason"));
    assert_eq!(snapshot(&db), before, "a cancellation without a reason writes nothing");
    let cancelled = db.write(|tx| meetings::cancel(tx, &created.id, "pga förhinder")).unwrap();
    assert_eq!((cancelled.status, cancelled.sequence), (MeetingStatus::Cancelled, 1));
    assert_eq!(cancelled.cancel_reason, "pga förhinder");
    assert!(
        db.write(|tx| meetings::cancel(tx, &created.id, "igen")).is_err(),
        "a cancelled meeting cannot be cancelled again"
    );
    let edited = db
        .write(|tx| meetings::reschedule(tx, &created.id, &input("2024-09-04", "15.00", "15.45"), None))
        .unwrap()
        .meeting;
    assert_eq!(edited.sequence, 2);
    assert_eq!(edited.status, MeetingStatus::Cancelled, "moving a cancelled meeting does not reinstate it");
    let reinstated = db.write(|tx| meetings::reinstate(tx, &created.id)).unwrap();
    assert_eq!((reinstated.status, reinstated.sequence), (MeetingStatus::Scheduled, 3));
    assert_eq!(reinstated.cancel_reason, "");
}

#[test]
fn a_bad_edit_leaves_the_meeting_as_it_was() {
    let mut db = Database::open_in_memory().unwrap();
    let created = schedule(&mut db, input("2024-09-03", "15.00", "15.45")).unwrap().meeting;
    let before = snapshot(&db);
    for (bad, field) in [
        (input("2024-09-03", "15.45", "15.00"), "end"),
        (MeetingInput { title: String::new(), ..input("2024-09-03", "15.00", "15.45") }, "title"),
        (
            MeetingInput { teams_url: "teams.microsoft.com/x".into(), ..input("2024-09-03", "15.00", "15.45") },
            "teams_url",
        ),
        (input("2024-03-31", "02.30", "03.30"), "start"),
    ] {
        let error = db.write(|tx| meetings::reschedule(tx, &created.id, &bad, None)).unwrap_err();
        assert_eq!(error.field(), Some(field), "{error}");
    }
    let unknown_host = db
        .write(|tx| {
            meetings::reschedule(tx, &created.id, &input("2024-09-05", "15.00", "15.45"), Some(&["nobody".into()]))
        })
        .unwrap_err();
    assert_eq!(unknown_host.field(), Some("hosts"));
    assert_eq!(snapshot(&db), before, "the date change is rolled back with the bad host");
}

#[test]
fn the_series_page_lists_the_focus_of_every_meeting_that_has_started() {
    let mut db = Database::open_in_memory().unwrap();
    let april = meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == "2024-04-23").unwrap();
    db.write(|tx| {
        meetings::save_record(
            tx,
            &april.id,
            &meetings::RecordInput { focus: "Tidiga insatser för unga vuxna".into(), ..Default::default() },
        )
    })
    .unwrap();
    let now = "2024-04-30T12:00:00Z".parse().unwrap();
    let so_far = meetings::focus_so_far(db.conn(), now).unwrap();
    let dates: Vec<String> = so_far.iter().map(|f| f.date.to_string()).collect();
    assert_eq!(dates, ["2024-01-24", "2024-02-29", "2024-03-26", "2024-04-23"], "28 May has not happened yet");
    assert_eq!(so_far[3].focus, "Tidiga insatser för unga vuxna");
    assert_eq!(so_far[1].status, MeetingStatus::Cancelled);
    let overview = meetings::overview(db.conn(), now).unwrap();
    assert_eq!(overview.next.map(|m| m.date.to_string()), Some("2024-05-28".into()));
    assert_eq!(overview.past.first().map(|m| m.date.to_string()), Some("2024-04-23".into()), "latest first");
}

#[test]
fn the_overview_carries_short_lists_with_totals_even_after_years_of_meetings() {
    let fixture = crate::support::TempDatabase::new();
    let mut db = fixture.open();
    let size = natverk_core::demo::DemoSize { examples: 10, members: 60, meetings: 120, active_percent: 85, seed: 3 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    let all = meetings::list(db.conn()).unwrap();
    let now = "2024-04-30T12:00:00Z".parse().unwrap();
    let overview = meetings::overview(db.conn(), now).unwrap();

    let ended = all.iter().filter(|m| m.end_utc < now).count();
    assert_eq!((overview.past_count, overview.upcoming_count), (ended, all.len() - ended));
    assert_eq!(overview.past.len(), meetings::OVERVIEW_LIST_LENGTH, "five of {ended} past meetings");
    assert!(overview.past.windows(2).all(|pair| pair[0].start_utc >= pair[1].start_utc), "latest first");
    assert_eq!(overview.past[0].id, all.iter().rfind(|m| m.end_utc < now).unwrap().id);
    assert!(overview.upcoming.len() <= meetings::OVERVIEW_LIST_LENGTH);
    assert_eq!(overview.upcoming.first().map(|m| m.date.to_string()), Some("2024-05-28".into()));

    let figures = &overview.figures;
    assert_eq!(
        figures.per_meeting.len(),
        meetings::OVERVIEW_FIGURES_MEETINGS,
        "the twelve latest meetings with attendance"
    );
    let full = natverk_core::meetings::attendance::figures(db.conn(), all.len()).unwrap();
    assert!(full.per_meeting.len() > meetings::OVERVIEW_FIGURES_MEETINGS);
    assert_eq!(figures.per_meeting[..], full.per_meeting[..meetings::OVERVIEW_FIGURES_MEETINGS], "latest first");
    let with_attendance: Vec<&str> = all
        .iter()
        .rev()
        .filter(|m| full.per_meeting.iter().any(|f| f.meeting_id == m.id))
        .map(|m| m.id.as_str())
        .collect();
    let latest_first: Vec<&str> = full.per_meeting.iter().map(|f| f.meeting_id.as_str()).collect();
    assert_eq!(latest_first, with_attendance, "every meeting with attendance, latest start first");
    let latest_municipality_present: u32 = figures.per_municipality.iter().map(|m| m.counts.present).sum();
    let latest_meeting_present: u32 = figures.per_meeting.iter().map(|m| m.counts.present).sum();
    assert_eq!(latest_municipality_present, latest_meeting_present, "per municipality over the same twelve meetings");
    assert!(figures
        .per_municipality
        .iter()
        .all(|m| m.meetings_attended as usize <= meetings::OVERVIEW_FIGURES_MEETINGS));
}
