//! Attendance, hosts and presentations: what a host records about who took part and who presented.

use natverk_core::meetings;
use natverk_core::meetings::attendance::{self, AttendanceEntry, AttendanceStatus};
use natverk_core::meetings::presentations::{self, PresentationInput};
use natverk_core::Database;

use crate::support::snapshot;

/// Inserts an active FSS member directly (members are managed by another module).
pub fn insert_member(db: &Database, id: &str, name: &str, municipality: &str, role: &str) {
    db.conn()
        .execute(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, network_role, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?1 || '@kommun.se', 1, ?4, 'active', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')",
            (id, name, municipality, role),
        )
        .unwrap();
}

fn seeded(date: &str, db: &Database) -> String {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == date).unwrap().id
}

fn entry(member: &str, status: &str) -> AttendanceEntry {
    AttendanceEntry { member_id: member.into(), status: Some(status.into()) }
}

#[test]
fn attendance_is_recorded_per_member_and_counted_per_meeting_and_municipality() {
    let mut db = Database::open_in_memory().unwrap();
    insert_member(&db, "anna", "Örjan Ek", "2080", "host");
    insert_member(&db, "bo", "Åsa Berg", "2080", "member");
    insert_member(&db, "cia", "Zara Lind", "2584", "member");
    let march = seeded("2024-03-26", &db);
    let april = seeded("2024-04-23", &db);
    db.write(|tx| {
        attendance::record(tx, &march, &[entry("anna", "present"), entry("bo", "excused"), entry("cia", "present")])
    })
    .unwrap();
    let rows =
        db.write(|tx| attendance::record(tx, &april, &[entry("anna", "närvarande"), entry("cia", "absent")])).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Zara Lind", "Åsa Berg", "Örjan Ek"], "Swedish order: Å and Ö after Z");
    assert_eq!(rows[1].status, None, "Åsa has no status for April yet");
    assert_eq!(AttendanceStatus::Excused.label(), "anmält förhinder");

    let figures = attendance::figures(db.conn(), 12).unwrap();
    assert_eq!(figures.per_meeting.len(), 2, "only meetings with recorded attendance");
    assert_eq!(figures.per_meeting[0].meeting_id, april, "the latest meeting first");
    assert_eq!((figures.per_meeting[0].counts.present, figures.per_meeting[0].counts.absent), (1, 1));
    assert_eq!((figures.per_meeting[1].counts.present, figures.per_meeting[1].counts.excused), (2, 1));
    assert_eq!(attendance::figures(db.conn(), 1).unwrap().per_meeting.len(), 1, "as many meetings as asked for");
    let falun = figures.per_municipality.iter().find(|m| m.municipality_code.as_deref() == Some("2080")).unwrap();
    assert_eq!((falun.meetings_attended, falun.counts.present, falun.counts.excused), (2, 2, 1));
    let kiruna = figures.per_municipality.iter().find(|m| m.municipality_code.as_deref() == Some("2584")).unwrap();
    assert_eq!((kiruna.meetings_attended, kiruna.counts.absent), (1, 1));

    // Clearing a status removes it.
    db.write(|tx| attendance::record(tx, &april, &[AttendanceEntry { member_id: "cia".into(), status: None }]))
        .unwrap();
    assert_eq!(attendance::figures(db.conn(), 12).unwrap().per_meeting[0].counts.absent, 0);
}

#[test]
fn bad_attendance_writes_nothing_and_cancelled_meetings_take_no_attendance() {
    let mut db = Database::open_in_memory().unwrap();
    insert_member(&db, "anna", "Örjan Ek", "2080", "host");
    let april = seeded("2024-04-23", &db);
    let before = snapshot(&db);
    let error = db
        .write(|tx| attendance::record(tx, &april, &[entry("anna", "present"), entry("anna", "kanske")]))
        .unwrap_err();
    assert_eq!(error.field(), Some("attendance"));
    assert!(error.to_string().contains("anmält förhinder"), "the message lists the choices: {error}");
    let error = db.write(|tx| attendance::record(tx, &april, &[entry("okänd", "present")])).unwrap_err();
    assert_eq!(error.field(), Some("attendance"));
    let february = seeded("2024-02-29", &db);
    assert!(db.write(|tx| attendance::record(tx, &february, &[entry("anna", "present")])).is_err());
    assert_eq!(snapshot(&db), before);
}

#[test]
fn hosts_and_presentations_appear_on_the_meeting_page() {
    let mut db = Database::open_in_memory().unwrap();
    insert_member(&db, "anna", "Örjan Ek", "2080", "host");
    let april = seeded("2024-04-23", &db);
    db.write(|tx| meetings::set_hosts(tx, &april, &["anna".into()])).unwrap();
    let presented = db
        .write(|tx| {
            presentations::add(
                tx,
                &april,
                &PresentationInput {
                    member_id: "anna".into(),
                    note: "Mottagning utan remiss".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(presented.municipality_code.as_deref(), Some("2080"), "the member's municipality is taken by default");
    assert_eq!(presented.municipality_name.as_deref(), Some("Falun"));
    let detail = meetings::detail(db.conn(), &april).unwrap();
    assert_eq!(detail.hosts.len(), 1);
    assert_eq!(detail.hosts[0].name, "Örjan Ek");
    assert_eq!(detail.presentations, vec![presented.clone()]);

    let before = snapshot(&db);
    let unknown_example = db
        .write(|tx| {
            presentations::add(tx, &april, &PresentationInput { example_id: "saknas".into(), ..Default::default() })
        })
        .unwrap_err();
    assert_eq!(unknown_example.field(), Some("example_id"));
    let empty = db.write(|tx| presentations::add(tx, &april, &PresentationInput::default())).unwrap_err();
    assert_eq!(empty.field(), Some("member_id"));
    let bad_code = db
        .write(|tx| {
            presentations::add(
                tx,
                &april,
                &PresentationInput { municipality_code: "9999".into(), ..Default::default() },
            )
        })
        .unwrap_err();
    assert_eq!(bad_code.field(), Some("municipality_code"));
    assert_eq!(snapshot(&db), before);
    db.write(|tx| presentations::remove(tx, &presented.id)).unwrap();
    assert!(meetings::detail(db.conn(), &april).unwrap().presentations.is_empty());
}

#[test]
fn the_meeting_page_and_the_exempel_view_share_the_presentation_rules() {
    let mut db = Database::open_in_memory().unwrap();
    insert_member(&db, "anna", "Örjan Ek", "2080", "host");
    let april = seeded("2024-04-23", &db);
    let february = seeded("2024-02-29", &db);
    let before = snapshot(&db);
    let cancelled = db
        .write(|tx| {
            presentations::add(tx, &february, &PresentationInput { note: "Något".into(), ..Default::default() })
        })
        .unwrap_err();
    assert_eq!(cancelled.field(), Some("meeting_id"));
    assert!(cancelled.to_string().contains("ställdes in"), "{cancelled}");
    let with_number = PresentationInput { note: "Klienten 811218-9876 fick stöd.".into(), ..Default::default() };
    let error = db.write(|tx| presentations::add(tx, &april, &with_number)).unwrap_err();
    assert_eq!(error.field(), Some("note"));
    let too_long = PresentationInput { note: "x".repeat(1_001), ..Default::default() };
    assert_eq!(db.write(|tx| presentations::add(tx, &april, &too_long)).unwrap_err().field(), Some("note"));
    let unknown = PresentationInput { member_id: "okänd".into(), ..Default::default() };
    let error = db.write(|tx| presentations::add(tx, &april, &unknown)).unwrap_err();
    assert_eq!(error.to_string(), "Den som presenterade finns inte bland medlemmarna.");
    assert_eq!(snapshot(&db), before, "nothing refused was written");
    let missing = db.write(|tx| presentations::remove(tx, "saknas")).unwrap_err();
    assert_eq!(missing.kind(), "not_found");
}
