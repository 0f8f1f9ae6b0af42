//! The `natverk` binary as a script or a host uses it: JSON and Swedish output, errors on stderr.

use std::process::{Command, Output};

use serde_json::Value;

use crate::support::TempDatabase;

fn natverk(fixture: &TempDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natverk"))
        .arg("--db")
        .arg(&fixture.path)
        .args(args)
        .env_remove("NATVERK_DB")
        .output()
        .expect("natverk runs")
}

fn stdout_json(output: &Output) -> Value {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn meetings_list_json_gives_the_five_meetings_with_utc_instants() {
    let fixture = TempDatabase::new();
    let json = stdout_json(&natverk(&fixture, &["meetings", "list", "--json"]));
    let meetings = json.as_array().expect("an array");
    assert_eq!(meetings.len(), 5);
    assert_eq!(meetings[0]["start_utc"], "2024-01-24T14:00:00Z");
    assert_eq!(meetings[3]["start_utc"], "2024-04-23T13:00:00Z");
    for field in ["id", "title", "date", "start", "end", "time_zone", "start_utc", "end_utc", "status"] {
        assert!(meetings.iter().all(|m| m.get(field).is_some()), "every meeting has {field}");
    }
}

#[test]
fn meetings_list_in_swedish_for_people() {
    let fixture = TempDatabase::new();
    let output = natverk(&fixture, &["meetings", "list"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("onsdag 24 januari 2024 kl. 15.00–15.45"), "{text}");
    assert!(text.contains("INSTÄLLD"), "{text}");
}

#[test]
fn municipalities_list_json_gives_290_in_21_regions() {
    let fixture = TempDatabase::new();
    let json = stdout_json(&natverk(&fixture, &["municipalities", "list", "--json"]));
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 290);
    let regions: std::collections::HashSet<&str> = list.iter().map(|m| m["region_code"].as_str().unwrap()).collect();
    assert_eq!(regions.len(), 21);
    let kiruna = list.iter().find(|m| m["code"] == "2584").unwrap();
    assert_eq!(kiruna["name"], "Kiruna");
}

#[test]
fn settings_set_validates_and_settings_show_reports_the_change() {
    let fixture = TempDatabase::new();
    let ok = natverk(&fixture, &["settings", "set", "organizer-email", "natverk@fss.se"]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Sparat"));
    let json = stdout_json(&natverk(&fixture, &["settings", "show", "--json"]));
    assert_eq!(json["organizer_email"], "natverk@fss.se");

    let bad = natverk(&fixture, &["settings", "set", "teams-url", "http://example.com"]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("https://"), "{stderr}");
    assert!(bad.stdout.is_empty(), "errors go to stderr only");
}

#[test]
fn a_bad_database_file_is_an_error_with_a_clear_message_not_a_panic() {
    let fixture = TempDatabase::new();
    std::fs::write(&fixture.path, "inte en databas\n".repeat(300)).unwrap();
    let output = natverk(&fixture, &["meetings", "list"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("är inte en databas för Nätverket"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_natverk_db_environment_variable_chooses_the_database() {
    let fixture = TempDatabase::new();
    let output =
        Command::new(env!("CARGO_BIN_EXE_natverk")).args(["init"]).env("NATVERK_DB", &fixture.path).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(fixture.path.exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("290 kommuner, 5 träffar"));
}

#[test]
fn meetings_add_on_midsummer_eve_warns_but_creates_and_a_dst_gap_time_exits_1_writing_nothing() {
    let fixture = TempDatabase::new();
    let output = natverk(&fixture, &["meetings", "add", "--title", "Sommarträff", "--date", "2024-06-21"]);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("fredag 21 juni 2024 kl. 15.00–15.45"), "{text}");
    assert!(text.contains("midsommarafton"), "the warning is printed: {text}");

    let refused = natverk(
        &fixture,
        &["meetings", "add", "--title", "Natt", "--date", "2024-03-31", "--start", "02.30", "--end", "03.30"],
    );
    assert_eq!(refused.status.code(), Some(1));
    let error = String::from_utf8(refused.stderr).unwrap();
    assert!(error.contains("Klockan 02.30 finns inte den 31 mars 2024"), "{error}");
    let list = stdout_json(&natverk(&fixture, &["meetings", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 6, "five seeded plus the midsummer meeting, not the refused one");
}

#[test]
fn meetings_cancel_then_edit_raise_the_sequence_and_show_reports_it() {
    let fixture = TempDatabase::new();
    let added =
        stdout_json(&natverk(&fixture, &["meetings", "add", "--title", "Höstträff", "--date", "2024-09-03", "--json"]));
    let id = added["meeting"]["id"].as_str().unwrap().to_string();
    assert_eq!(added["meeting"]["start_utc"], "2024-09-03T13:00:00Z");
    assert_eq!(added["warnings"], serde_json::json!([]));
    let without_reason = natverk(&fixture, &["meetings", "cancel", &id, "--reason", " "]);
    assert_eq!(without_reason.status.code(), Some(1));
    let cancelled =
        stdout_json(&natverk(&fixture, &["meetings", "cancel", &id, "--reason", "pga förhinder", "--json"]));
    assert_eq!((cancelled["status"].as_str(), cancelled["sequence"].as_u64()), (Some("cancelled"), Some(1)));
    let edited = stdout_json(&natverk(&fixture, &["meetings", "edit", &id, "--date", "2024-09-10", "--json"]));
    assert_eq!(edited["meeting"]["sequence"], 2);
    assert_eq!(edited["meeting"]["title"], "Höstträff", "fields not given are kept");
    assert_eq!(edited["meeting"]["ical_uid"], added["meeting"]["ical_uid"]);
    let bad_link = natverk(&fixture, &["meetings", "edit", &id, "--teams-url", "http://teams.microsoft.com/x"]);
    assert_eq!(bad_link.status.code(), Some(1));
    let shown = stdout_json(&natverk(&fixture, &["meetings", "show", &id, "--json"]));
    assert_eq!(shown["meeting"]["sequence"], 2, "the refused edit changed nothing");
    assert_eq!(shown["meeting"]["cancel_reason"], "pga förhinder");
    let text = String::from_utf8(natverk(&fixture, &["meetings", "show", &id]).stdout).unwrap();
    assert!(text.contains("tisdag 10 september 2024 kl. 15.00–15.45") && text.contains("inställd"), "{text}");
}

#[test]
fn meetings_series_every_fourth_tuesday_creates_five_meetings() {
    let fixture = TempDatabase::new();
    let args = [
        "meetings",
        "series",
        "--every-weeks",
        "4",
        "--from",
        "2024-09-03",
        "--count",
        "5",
        "--title",
        "Nätverksträff",
    ];
    let preview = String::from_utf8(natverk(&fixture, &[&args[..], &["--preview"]].concat()).stdout).unwrap();
    assert!(preview.contains("julafton"), "{preview}");
    let created = stdout_json(&natverk(&fixture, &[&args[..], &["--json"]].concat()));
    let dates: Vec<&str> = created.as_array().unwrap().iter().map(|s| s["meeting"]["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-09-03", "2024-10-01", "2024-10-29", "2024-11-26", "2024-12-24"]);
}
