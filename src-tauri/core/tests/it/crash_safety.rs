//! Power-cut style crashes: a writer killed with SIGKILL mid-transaction never corrupts the file or loses a committed change.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use natverk_core::Database;

use crate::support::TempDatabase;

const WRITER_ENV: &str = "NATVERKET_CRASH_WRITER_DB";
const COMMITTED: &str = "committed:";

/// The child process: writes multi-statement transactions forever and reports each one after commit.
#[test]
#[ignore = "the writer process of a_killed_writer_never_corrupts_the_file_or_loses_a_committed_change"]
fn crash_writer_child() {
    let Some(path) = std::env::var_os(WRITER_ENV) else { return };
    let mut db = Database::open(Path::new(&path)).expect("the writer opens the database");
    let body = "Öppen mottagning utan biståndsbeslut; samverkan med skolan. ".repeat(300);
    let mut stdout = std::io::stdout();
    for n in 0u64.. {
        let id = format!("{}-{n}", std::process::id());
        db.write(|tx| {
            tx.execute("INSERT INTO themes (id, name, created_at, updated_at) VALUES (?1, ?1, 'x', 'x')", [&id])?;
            tx.execute(
                "INSERT INTO examples (id, title, body, created_at, updated_at) VALUES (?1, ?1, ?2, 'x', 'x')",
                (&id, &body),
            )?;
            tx.execute("INSERT INTO example_themes (example_id, theme_id) VALUES (?1, ?1)", [&id])?;
            tx.execute("UPDATE network SET updated_at = ?1", [&id])?;
            Ok(())
        })
        .expect("a write");
        writeln!(stdout, "{COMMITTED}{id}").and_then(|_| stdout.flush()).expect("report the commit");
    }
}

#[test]
fn a_killed_writer_never_corrupts_the_file_or_loses_a_committed_change() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let mut all_committed: Vec<String> = Vec::new();
    for round in 0..50u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "crash_safety::crash_writer_child", "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, &fixture.path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.strip_prefix(COMMITTED).map(str::to_string))
                .collect::<Vec<String>>()
        });
        // Vary the moment of the kill from round to round (30–150 ms after start).
        std::thread::sleep(Duration::from_millis(30 + (round * 37) % 120));
        child.kill().expect("SIGKILL the writer");
        child.wait().unwrap();
        all_committed.extend(reader.join().unwrap());

        let db = Database::open(&fixture.path).expect("the database opens after a crash");
        let integrity: String = db.conn().pragma_query_value(None, "integrity_check", |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        let mut statement = db
            .conn()
            .prepare("SELECT count(*) FROM examples e JOIN example_themes t ON t.example_id = e.id WHERE e.id = ?1")
            .unwrap();
        for id in &all_committed {
            let found: i64 = statement.query_row([id], |r| r.get(0)).unwrap();
            assert_eq!(found, 1, "round {round}: committed change {id} is missing or half-written");
        }
    }
    assert!(
        all_committed.len() > 50,
        "the writer should have committed plenty of changes, got {}",
        all_committed.len()
    );
}
