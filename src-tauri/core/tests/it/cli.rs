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
fn examples_add_search_show_and_export_from_the_command_line() {
    let fixture = TempDatabase::new();
    let added = stdout_json(&natverk(
        &fixture,
        &[
            "examples",
            "add",
            "--title",
            "Gemensam väg in",
            "--municipality",
            "Åre",
            "--theme",
            "enklare ingångar till stöd",
            "--body",
            "En tillgänglig väg in <img src=x onerror=alert(1)>",
            "--stage",
            "införd",
            "--json",
        ],
    ));
    let id = added["id"].as_str().expect("the new example's id").to_string();
    assert_eq!(added["municipalities"][0]["code"], "2321");

    let found = stdout_json(&natverk(&fixture, &["examples", "search", "TILLGÄNG", "--json"]));
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["example"]["id"], id.as_str());
    let odd = natverk(&fixture, &["examples", "search", "NEAR(\"*", "--json"]);
    assert!(odd.status.success(), "FTS syntax in a query never errors: {}", String::from_utf8_lossy(&odd.stderr));

    let shown = stdout_json(&natverk(&fixture, &["examples", "show", &id, "--json"]));
    assert_eq!(shown["body"], "En tillgänglig väg in <img src=x onerror=alert(1)>");

    let file = fixture.dir.path().join("exempel.html");
    let export = natverk(&fixture, &["examples", "export", "--format", "html", file.to_str().unwrap()]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("<h2>Enklare ingångar till stöd</h2>") && html.contains("&lt;img src=x"));
}

#[test]
fn examples_add_warns_about_a_personnummer_until_confirmed() {
    let fixture = TempDatabase::new();
    let args = ["examples", "add", "--title", "Stöd", "--municipality", "0180", "--body", "Klient 811218-9876"];
    let refused = natverk(&fixture, &args);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("personnummer") && message.contains("--confirm-sensitive"), "{message}");
    let confirmed = natverk(&fixture, &[&args[..], &["--confirm-sensitive"]].concat());
    assert!(confirmed.status.success(), "{}", String::from_utf8_lossy(&confirmed.stderr));
}

#[test]
fn themes_list_and_add_refuse_duplicates_in_any_case() {
    let fixture = TempDatabase::new();
    let added = natverk(&fixture, &["themes", "add", "Digitala tjänster"]);
    assert!(added.status.success());
    let duplicate = natverk(&fixture, &["themes", "add", "DIGITALA TJÄNSTER"]);
    assert_eq!(duplicate.status.code(), Some(1), "a duplicate theme is refused");
    let list = stdout_json(&natverk(&fixture, &["themes", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 9);
}
