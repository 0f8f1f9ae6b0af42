//! Invitation mail through a real SMTP server (aiosmtpd on loopback, STARTTLS or TLS, AUTH), read back with Python's `email` and four calendar parsers.
//!
//! Needs `make mail-test-deps` (aiosmtpd and the calendar parsers) and the `openssl` command, with
//! which the server makes its own test certificate authority. The app trusts that CA through the
//! debug-only `NATVERKET_SMTP_TEST_CA` hook.

#[path = "../ics/parsers.rs"]
mod parsers;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use natverk_core::calendar::{self, smtp};
use natverk_core::settings::{self, SmtpDelivery, SmtpSecurity, SmtpSettings};
use natverk_core::{meetings, Database};
use parsers::{read_with, workspace, PARSERS};
use serde_json::Value;

const USER: &str = "natverk@fss.se";
const PASSWORD: &str = "rätt-lösenord";
const REFUSED: &str = "refuse.me@solna.se";

fn python() -> PathBuf {
    let python = workspace().join("target/ics-parsers/venv/bin/python");
    assert!(python.exists(), "the test venv is missing: run `make mail-test-deps`");
    python
}

/// The test server, stopped (its standard input closed) when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    fn start(tls: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(python())
            .arg(workspace().join("tests/mail/smtp_server.py"))
            .arg(dir.path())
            .args(["--tls", tls, "--refuse", REFUSED])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the test SMTP server starts");
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
        let port = first_line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the server printed no port: {first_line:?}"));
        Server { child, port, dir }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The received messages, in the order they arrived.
    fn received(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("received"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Trusts the test servers' CAs. Every server makes its own CA, so the hook points at a file that
/// collects them all (the tests run in parallel). The file lives in Cargo's folder for test files
/// under `target/`, not in the system's temporary folder, where every run used to leave one behind.
fn trust(server: &Server) {
    use std::io::Write;
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap();
    let bundle = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("smtp-test-cas-{}.pem", std::process::id()));
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&bundle).unwrap();
    file.write_all(&std::fs::read(server.ca()).unwrap()).unwrap();
    std::env::set_var(smtp::TEST_CA_ENV, &bundle);
}

/// A network with an organizer and four active members, one of whom the server refuses.
fn network(server: &Server, security: SmtpSecurity) -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("natverket.sqlite3")).unwrap();
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(
            tx,
            &settings::NetworkSettings {
                organizer_name: "Örjan Ängström".into(),
                organizer_email: "natverk@fss.se".into(),
                ..current
            },
        )?;
        settings::save_smtp(
            tx,
            &SmtpSettings {
                host: "127.0.0.1".into(),
                port: server.port,
                security,
                username: USER.into(),
                from_address: String::new(),
                delivery: SmtpDelivery::Each,
            },
        )
    })
    .unwrap();
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, network_role, created_at, updated_at) VALUES
               ('m1', 'Åsa Öberg', '2321', 'asa.oberg@are.se', 1, 'active', 'member', 'x', 'x'),
               ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'host', 'x', 'x'),
               ('m3', 'Cecilia Lund', '1280', 'cecilia.lund@malmo.se', 1, 'active', 'member', 'x', 'x'),
               ('m4', 'Refuserad Person', '0184', '{REFUSED}', 1, 'active', 'member', 'x', 'x'),
               ('m5', 'Intresserad Person', '1480', 'intresserad@goteborg.se', 0, 'interested', 'member', 'x', 'x');"
        ))
        .unwrap();
    (dir, db)
}

fn meeting_on(db: &Database, date: &str) -> meetings::Meeting {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == date).unwrap()
}

/// What Python's `email` package read from one received message.
fn read_mail(file: &Path) -> Value {
    let output = Command::new(python()).arg(workspace().join("tests/mail/read_mail.py")).arg(file).output().unwrap();
    assert!(output.status.success(), "read_mail.py failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn send(db: &Database, meeting_id: &str, password: &str) -> natverk_core::Result<calendar::SendReport> {
    let mut progress = Vec::new();
    let report = calendar::send_invitations(db.conn(), meeting_id, false, Some(password), &mut |done, total| {
        progress.push((done, total))
    })?;
    assert_eq!(progress.last().map(|(done, total)| (*done, *total)), Some((4, 4)), "progress reaches the end");
    Ok(report)
}

/// Checks one received message as an Outlook-style meeting request with `method`, then its calendar in four parsers.
fn assert_meeting_request(file: &Path, method: &str, meeting: &meetings::Meeting, sequence: u64) {
    let mail = read_mail(file);
    let context = file.display().to_string();
    assert_eq!(
        mail["structure"],
        serde_json::json!([
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/calendar",
            "application/ics"
        ]),
        "{context}"
    );
    assert_eq!(mail["calendars"][0]["method"], method, "{context}: the part's method matches METHOD:");
    assert_eq!(mail["calendars"][0]["charset"], "utf-8", "{context}");
    assert_eq!(mail["attachments"][0]["text"], mail["calendar_text"], "{context}: the attachment is the same calendar");
    assert!(mail["from"].as_str().unwrap().contains("<natverk@fss.se>"), "{context}: from the organizer");
    assert!(mail["x_unsent"].is_null() && mail["bcc"].is_null(), "{context}");
    assert!(mail["plain"][0].as_str().unwrap().starts_with("Hej!"), "{context}: a Swedish text part");
    let calendar_text = mail["calendar_text"].as_str().unwrap();
    assert_eq!(calendar_text.matches("BEGIN:VCALENDAR").count(), 1, "{context}: one VCALENDAR");
    let ics = PathBuf::from(format!("{}.ics", file.display()));
    for parser in PARSERS {
        let read = read_with(parser, &ics);
        let context = format!("{parser} reading {context}");
        assert_eq!(read["method"], method, "{context}");
        let event = &read["events"][0];
        assert_eq!(event["uid"], meeting.ical_uid.as_str(), "{context}");
        assert_eq!(event["sequence"], sequence, "{context}");
        assert_eq!(event["organizer"]["email"], "natverk@fss.se", "{context}");
        let attendees: Vec<&str> =
            event["attendees"].as_array().unwrap().iter().map(|a| a["email"].as_str().unwrap()).collect();
        assert!(attendees.contains(&"asa.oberg@are.se") && attendees.len() == 4, "{context}: {attendees:?}");
    }
}

#[test]
fn invitations_over_starttls_arrive_as_meeting_requests_and_a_refused_recipient_leaves_the_others_delivered() {
    let server = Server::start("starttls");
    trust(&server);
    let (_dir, mut db) = network(&server, SmtpSecurity::StartTls);
    let meeting = meeting_on(&db, "2024-01-24");
    let report = send(&db, &meeting.id, PASSWORD).unwrap();
    assert_eq!(report.method, "REQUEST");
    assert_eq!((report.delivered, report.refused), (3, 1), "{report:?}");
    let refused: Vec<&calendar::RecipientResult> = report.results.iter().filter(|r| !r.delivered).collect();
    assert_eq!(refused[0].email, REFUSED);
    assert!(refused[0].reason.contains("tog inte emot") && refused[0].reason.contains("550"), "{}", refused[0].reason);

    let received = server.received();
    let names: Vec<String> = received.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(received.len(), 3, "{names:?}");
    assert!(names.iter().all(|name| !name.contains(REFUSED)), "{names:?}");
    for file in &received {
        assert_meeting_request(file, "REQUEST", &meeting, 0);
        let mail = read_mail(file);
        let recipient = file.file_name().unwrap().to_string_lossy()[4..].trim_end_matches(".eml").to_string();
        assert!(mail["to"].as_str().unwrap().contains(&recipient), "each member gets a message addressed to them");
    }

    // Cancelling and sending again: a CANCEL with the same UID and a higher SEQUENCE.
    db.write(|tx| meetings::cancel(tx, &meeting.id, "Värden är sjuk")).unwrap();
    let cancelled = meetings::get(db.conn(), &meeting.id).unwrap();
    let report = send(&db, &meeting.id, PASSWORD).unwrap();
    assert_eq!((report.method.as_str(), report.delivered), ("CANCEL", 3));
    let received = server.received();
    assert_eq!(received.len(), 6);
    for file in &received[3..] {
        assert_meeting_request(file, "CANCEL", &cancelled, u64::from(cancelled.sequence));
        assert!(read_mail(file)["calendar_text"].as_str().unwrap().contains("STATUS:CANCELLED"));
    }
}

#[test]
fn with_hidden_copies_everyone_gets_the_same_message_over_implicit_tls() {
    let server = Server::start("implicit");
    trust(&server);
    let (_dir, mut db) = network(&server, SmtpSecurity::Tls);
    let mut smtp_settings = settings::load_smtp(db.conn()).unwrap();
    smtp_settings.delivery = SmtpDelivery::Bcc;
    db.write(|tx| settings::save_smtp(tx, &smtp_settings)).unwrap();
    let meeting = meeting_on(&db, "2024-01-24");
    let report = send(&db, &meeting.id, PASSWORD).unwrap();
    assert_eq!((report.delivered, report.refused), (3, 1));
    for file in server.received() {
        let mail = read_mail(&file);
        assert!(mail["to"].as_str().unwrap().contains("natverk@fss.se"), "addressed to the organizer: {mail}");
        assert!(!mail.to_string().contains("asa.oberg@are.se>"), "no member's address in the headers");
        assert_meeting_request(&file, "REQUEST", &meeting, 0);
    }
}

#[test]
fn wrong_password_no_server_and_tls_failure_are_clear_swedish_errors_and_send_nothing() {
    let server = Server::start("starttls");
    trust(&server);
    let (_dir, mut db) = network(&server, SmtpSecurity::StartTls);
    let meeting = meeting_on(&db, "2024-01-24");

    let wrong = send(&db, &meeting.id, "fel-lösenord").unwrap_err().to_string();
    assert!(wrong.contains("godtog inte användarnamnet eller lösenordet"), "{wrong}");
    assert!(wrong.contains("Inget har skickats"), "{wrong}");

    // Implicit TLS against a server that speaks plain SMTP first: the TLS handshake fails.
    let mut tls_mismatch = settings::load_smtp(db.conn()).unwrap();
    tls_mismatch.security = SmtpSecurity::Tls;
    db.write(|tx| settings::save_smtp(tx, &tls_mismatch)).unwrap();
    let tls = send(&db, &meeting.id, PASSWORD).unwrap_err().to_string();
    assert!(tls.contains("(TLS)") && tls.contains("Inget har skickats"), "{tls}");

    let free_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let nowhere = SmtpSettings { port: free_port, security: SmtpSecurity::StartTls, ..tls_mismatch };
    db.write(|tx| settings::save_smtp(tx, &nowhere)).unwrap();
    let unreachable = send(&db, &meeting.id, PASSWORD).unwrap_err().to_string();
    assert!(unreachable.contains("Kunde inte ansluta till e-postservern"), "{unreachable}");

    assert!(server.received().is_empty(), "nothing was delivered");
}

#[test]
fn a_server_certificate_from_an_authority_the_computer_does_not_trust_is_refused_and_nothing_is_sent() {
    // This server's own CA is never added to what the app trusts (no `trust(&server)`).
    let server = Server::start("starttls");
    let (_dir, db) = network(&server, SmtpSecurity::StartTls);
    let meeting = meeting_on(&db, "2024-01-24");

    let refused = send(&db, &meeting.id, PASSWORD).unwrap_err().to_string();
    assert!(refused.contains("(TLS)") && refused.contains("certifikat godtas inte"), "{refused}");
    assert!(refused.contains("Inget har skickats"), "{refused}");
    assert!(server.received().is_empty(), "nothing was delivered");
}

#[test]
fn the_cli_sends_with_the_password_from_the_environment_and_writes_an_unsent_draft() {
    let server = Server::start("starttls");
    trust(&server);
    let (dir, db) = network(&server, SmtpSecurity::StartTls);
    let meeting = meeting_on(&db, "2024-01-24");
    let database = dir.path().join("natverket.sqlite3");
    drop(db);
    let natverk = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_natverk"))
            .arg("--db")
            .arg(&database)
            .args(args)
            .env(smtp::PASSWORD_ENV, PASSWORD)
            .output()
            .unwrap()
    };
    let sent = natverk(&["ics", "mail", &meeting.id, "--smtp", "--json"]);
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    let report: Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!((report["delivered"].as_u64(), report["refused"].as_u64()), (Some(3), Some(1)), "{report}");
    assert_eq!(server.received().len(), 3);

    let draft = dir.path().join("inbjudan.eml");
    let saved = natverk(&["ics", "mail", &meeting.id, "--draft", draft.to_str().unwrap()]);
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let mail = read_mail(&draft);
    assert_eq!(mail["x_unsent"], "1");
    assert!(mail["bcc"].as_str().unwrap().contains("asa.oberg@are.se"), "{mail}");
    assert_eq!(mail["calendars"][0]["method"], "REQUEST");
}
