//! Invitation mail in the real window: sending over SMTP to a test server with a result per recipient, importing answers (chosen or dropped on the window) and seeing the counts, reminding those who have not answered.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use natverk_core::settings::{self, SmtpDelivery, SmtpSecurity, SmtpSettings};
use natverk_core::{meetings, Database};

use crate::harness::{drop_on_window, exports_dir, run_app_test_with, TestResult, Ui};

const REFUSED: &str = "refuse.me@solna.se";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The loopback SMTP server of tests/mail (STARTTLS, AUTH, refuses REFUSED), stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let python = workspace().join("target/ics-parsers/venv/bin/python");
        let mut child = Command::new(python)
            .arg(workspace().join("tests/mail/smtp_server.py"))
            .arg(dir.path())
            .args(["--refuse", REFUSED])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the test SMTP server starts (make mail-test-deps)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok()).expect("the server's port");
        // The app (a child of tauri-driver, started after this) trusts the server's own test CA.
        std::env::set_var("NATVERKET_SMTP_TEST_CA", dir.path().join("ca.pem"));
        SmtpServer { child, port, dir }
    }

    fn received(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path().join("received"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The organizer, four active members (the fixtures' addresses and one the server refuses).
fn network(database: &Path, smtp_port: Option<u16>) {
    let mut db = Database::open(database).expect("prepare the database");
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(tx, &settings::NetworkSettings { organizer_email: "natverk@fss.se".into(), ..current })?;
        if let Some(port) = smtp_port {
            settings::save_smtp(
                tx,
                &SmtpSettings {
                    host: "127.0.0.1".into(),
                    port,
                    security: SmtpSecurity::StartTls,
                    username: "natverk@fss.se".into(),
                    from_address: String::new(),
                    delivery: SmtpDelivery::Each,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at) VALUES
               ('m1', 'Åsa Öberg', '2321', 'asa.oberg@are.se', 1, 'active', 'x', 'x'),
               ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'x', 'x'),
               ('m3', 'Cecilia Lund', '1280', 'cecilia.lund@malmo.se', 1, 'active', 'x', 'x'),
               ('m4', 'Dan Refuserad', '0184', '{REFUSED}', 1, 'active', 'x', 'x');"
        ))
        .unwrap();
}

async fn open_meeting(ui: &Ui, database: &Path, date: &str) -> TestResult {
    let id = meetings::list(Database::open(database)?.conn())?
        .into_iter()
        .find(|m| m.date.to_string() == date)
        .ok_or("no such meeting")?
        .id;
    ui.find("main h1").await?;
    ui.client.execute(&format!("location.hash = '#/traffar/{id}';"), vec![]).await?;
    ui.find("[data-action='send-invitations']").await?;
    Ok(())
}

#[tokio::test]
async fn a_host_sends_the_invitation_over_smtp_and_sees_each_recipients_result() {
    let server = SmtpServer::start();
    let port = server.port;
    run_app_test_with(
        "mail-smtp-send",
        |db| network(db, Some(port)),
        |ui, database| async move {
            open_meeting(&ui, &database, "2024-01-24").await?;
            // No keyring in the test session and no NATVERK_SMTP_PASSWORD: the app asks for the password.
            ui.fill("#smtp-send-password", "rätt-lösenord").await?;
            ui.click("[data-action='send-invitations']").await?;
            let report = ui.wait_for_text("[data-testid='send-report']", "3 levererade, 1 inte levererade").await?;
            assert!(report.contains(&format!("<{REFUSED}>")) && report.contains("Inte levererat"), "{report}");
            assert!(report.contains("Levererat"), "{report}");
            // The send's progress events reached the page: the last one counts every recipient tried.
            ui.find(".send-progress[aria-valuetext='4 av 4 skickade']").await?;
            Ok(())
        },
    )
    .await;
    let received = server.received();
    assert_eq!(received.len(), 3, "{received:?}");
    assert!(received.iter().all(|name| !name.contains(REFUSED)));
}

#[tokio::test]
async fn answers_are_imported_and_counted_and_the_reminder_skips_everyone_who_answered() {
    run_app_test_with(
        "mail-answers",
        |db| network(db, None),
        |ui, database| async move {
            // Three reply files at once, as when several are chosen in the dialog.
            let to_open = database.parent().unwrap().join("to-open");
            let fixtures = workspace().join("tests/mail/fixtures/replies");
            for name in ["outlook-accepted.eml", "google-declined.ics", "thunderbird-tentative-no-organizer.ics"] {
                std::fs::copy(fixtures.join(name), to_open.join(name))?;
            }
            open_meeting(&ui, &database, "2024-01-24").await?;
            ui.wait_for_text("[data-testid='answer-counts']", "Inget svar: 4").await?;
            ui.click("[data-action='choose-answer-files']").await?;
            ui.wait_for_text(".answers-import", "3 svar att spara").await?;
            ui.click("[data-action='apply-answer-files']").await?;
            ui.wait_for_text(".answers-import", "3 svar sparades").await?;
            ui.wait_for_text("[data-testid='answer-counts']", "Ja: 1 · Kanske: 1 · Nej: 1 · Inget svar: 1").await?;

            // The reminder goes to Dan alone, the only one without an answer; then the host sets his answer by hand.
            ui.click("[data-action='remind-unanswered']").await?;
            ui.wait_for_text(".mail-result", "1 mottagare").await?;
            let draft = std::fs::read_dir(exports_dir(&database))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .find(|p| p.extension().is_some_and(|e| e == "eml"))
                .ok_or("the reminder draft")?;
            let text = std::fs::read_to_string(&draft)?;
            assert!(text.contains("X-Unsent: 1"), "{text}");
            assert!(text.contains(&format!("<{REFUSED}>")), "Dan, who has not answered, gets the reminder");
            assert!(!text.contains("<bo.ek@stockholm.se>"), "Bo said no and gets no reminder");
            assert!(!text.contains("<asa.oberg@are.se>"), "Åsa said yes");

            let dan = "select[data-member-id='m4']";
            ui.find(dan).await?.select_by_value("no").await?;
            ui.wait_for_text("[data-testid='answer-counts']", "Nej: 2 · Inget svar: 0").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn answers_dropped_on_any_view_open_their_meeting_with_the_preview_and_an_invitation_goes_to_the_calendar_import()
{
    run_app_test_with(
        "mail-answers-dropped",
        |db| network(db, None),
        |ui, database| async move {
            let meeting_id = meetings::list(Database::open(&database)?.conn())?
                .into_iter()
                .find(|m| m.date.to_string() == "2024-01-24")
                .ok_or("the January meeting")?
                .id;
            let fixtures = workspace().join("tests/mail/fixtures/replies");
            let replies: Vec<PathBuf> =
                ["outlook-accepted.eml", "google-declined.ics", "thunderbird-tentative-no-organizer.ics"]
                    .map(|name| fixtures.join(name))
                    .into();

            // An answer to no meeting of the network, dropped on the overview, is named there.
            ui.find("main h1").await?;
            drop_on_window(&ui, &database, &[fixtures.join("google-unknown-uid.ics")]).await?;
            let notice = ui.wait_for_text("main .notice-warning", "inga svar på någon av nätverkets träffar").await?;
            assert!(
                notice.contains("google-unknown-uid.ics") && notice.contains("Ingen träff har svarets UID"),
                "{notice}"
            );

            // Three answers dragged from the mail program onto the overview: the app opens the meeting
            // they answer and previews them there; nothing is stored before "Spara".
            drop_on_window(&ui, &database, &replies).await?;
            ui.wait_for_text(".answers-import", "3 svar att spara").await?;
            let url = ui.client.current_url().await?;
            assert!(url.fragment() == Some(&format!("/traffar/{meeting_id}")), "the answered meeting's page: {url}");
            ui.wait_for_text("[data-testid='answer-counts']", "Inget svar: 4").await?;
            ui.click("[data-action='apply-answer-files']").await?;
            ui.wait_for_text(".answers-import", "3 svar sparades").await?;
            ui.wait_for_text("[data-testid='answer-counts']", "Ja: 1 · Kanske: 1 · Nej: 1 · Inget svar: 1").await?;

            // On Träffar an invitation (.ics, METHOD:REQUEST) dropped goes to the calendar import as before …
            ui.client.execute("location.hash = '#/traffar';", vec![]).await?;
            ui.wait_for_text("main h1", "Träffar").await?;
            let invitation = workspace().join("tests/ics/fixtures/outlook-meeting.ics");
            drop_on_window(&ui, &database, &[invitation]).await?;
            ui.wait_for_text(".import-result", "Förhandsgranskning av outlook-meeting.ics").await?;

            // … and a reply, told by its content (METHOD:REPLY) under a neutral name, to the answers.
            let renamed = tempfile::tempdir()?;
            let reply = renamed.path().join("kalender.ics");
            std::fs::copy(fixtures.join("outlook-changed-to-tentative.ics"), &reply)?;
            drop_on_window(&ui, &database, &[reply]).await?;
            let preview = ui.wait_for_text(".answers-import", "1 svar att spara").await?;
            assert!(preview.contains("Åsa Öberg") && preview.contains("(kalender.ics)"), "{preview}");
            for result in ui.find_all(".import-result").await? {
                let text = result.text().await?;
                assert!(!text.contains("kalender.ics"), "not the calendar import's preview: {text}");
            }
            ui.wait_for_text("[data-testid='answer-counts']", "Ja: 1 · Kanske: 1").await?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_new_active_member_gets_the_invitations_to_the_upcoming_meetings_in_one_step() {
    let prepare = |database: &Path| {
        network(database, None);
        // One meeting still to come (the seeded ones are in 2024).
        Database::open(database)
            .unwrap()
            .conn()
            .execute(
                "UPDATE meetings SET local_date = '2031-05-27', start_utc = '2031-05-27T13:00:00Z',
                     end_utc = '2031-05-27T13:45:00Z' WHERE local_date = '2024-05-28'",
                [],
            )
            .unwrap();
    };
    run_app_test_with("mail-new-member", prepare, |ui, database| async move {
        ui.click("a[data-route='medlemmar']").await?;
        ui.wait_for_text("main h1", "Medlemmar").await?;
        ui.click("button[data-action='add-member']").await?;
        ui.fill("#member-name", "Ny Medlem").await?;
        ui.find("#member-municipality_code").await?.select_by_value("2180").await?;
        ui.fill("#member-email", "ny.medlem@gavle.se").await?;
        ui.click("#member-fss_member").await?;
        ui.fill("#member-fss_verified_on", "2024-01-15").await?;
        ui.find("#member-status").await?.select_by_value("active").await?;
        ui.click(".member-form button[type='submit']").await?;
        ui.wait_for_text(".upcoming-invitations", "Skicka inbjudan till den kommande träffen").await?;
        ui.click("[data-action='invite-to-upcoming']").await?;
        ui.wait_for_text(".upcoming-invitations", "1 utkast (.eml) sparades").await?;
        let draft = std::fs::read_to_string(exports_dir(&database).join("natverkstraff-2031-05-27.eml"))?;
        assert!(draft.contains("<ny.medlem@gavle.se>") && draft.contains("X-Unsent: 1"), "{draft}");
        Ok(())
    })
    .await;
}
