//! The `natverk` binary as a script or a host uses it: JSON and Swedish output, errors on stderr.

use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{natverk, TempDatabase};

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
fn ics_invite_writes_a_request_and_ics_import_dry_run_changes_nothing() {
    let fixture = TempDatabase::new();
    assert!(natverk(&fixture, &["settings", "set", "organizer-email", "natverk@fss.se"]).status.success());
    let json = stdout_json(&natverk(&fixture, &["meetings", "list", "--json"]));
    let april = json.as_array().unwrap().iter().find(|m| m["date"] == "2024-04-23").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let invite = fixture.dir.path().join("inbjudan.ics");
    let output = natverk(&fixture, &["ics", "invite", &april, "--out", invite.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let content = std::fs::read_to_string(&invite).unwrap();
    assert!(content.contains("METHOD:REQUEST\r\n") && content.contains("DTSTART:20240423T130000Z\r\n"));

    let outlook = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ics/fixtures/outlook-meeting.ics");
    let dry = natverk(&fixture, &["ics", "import", outlook.to_str().unwrap(), "--dry-run"]);
    let text = String::from_utf8_lossy(&dry.stdout);
    assert!(text.contains("Skulle importera: 1 nya") && text.contains("Inget har ändrats"), "{text}");
    let count = stdout_json(&natverk(&fixture, &["meetings", "list", "--json"])).as_array().unwrap().len();
    assert_eq!(count, 5, "--dry-run writes nothing");
    assert!(natverk(&fixture, &["ics", "import", outlook.to_str().unwrap()]).status.success());
    assert_eq!(stdout_json(&natverk(&fixture, &["meetings", "list", "--json"])).as_array().unwrap().len(), 6);
}

#[test]
fn ics_invite_for_an_unknown_meeting_is_a_clear_error() {
    let fixture = TempDatabase::new();
    let output = natverk(&fixture, &["ics", "invite", "finns-inte", "--out", "/tmp/none.ics"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Träffen finns inte"));
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let fixture = TempDatabase::new();
    let copy = fixture.dir.path().join("kopia.sqlite3");
    assert!(natverk(&fixture, &["backup", "--out", copy.to_str().unwrap()]).status.success());
    assert!(natverk(&fixture, &["settings", "set", "network-name", "Tillfälligt namn"]).status.success());
    let restored = natverk(&fixture, &["restore", copy.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let json = stdout_json(&natverk(&fixture, &["settings", "show", "--json"]));
    assert_eq!(json["network_name"], "Första linjens socialtjänst");
    let listed = String::from_utf8(natverk(&fixture, &["backup", "--list"]).stdout).unwrap();
    assert!(listed.contains("fore-aterstallning"), "the state before the restore was kept: {listed}");

    let not_a_backup = natverk(&fixture, &["restore", "Cargo.toml"]);
    assert_eq!(not_a_backup.status.code(), Some(1));
}

#[test]
fn restoring_another_installations_backup_from_the_command_line_needs_other_installation() {
    let (theirs, ours) = (TempDatabase::new(), TempDatabase::new());
    let copy = theirs.dir.path().join("deras.sqlite3");
    assert!(natverk(&theirs, &["settings", "set", "network-name", "Nätverket i Norrbotten"]).status.success());
    assert!(natverk(&theirs, &["backup", "--out", copy.to_str().unwrap()]).status.success());

    let dry = natverk(&ours, &["restore", copy.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let shown = String::from_utf8_lossy(&dry.stdout);
    assert!(shown.contains("Nätverket i Norrbotten") && shown.contains("en annan installation"), "{shown}");

    let refused = natverk(&ours, &["restore", copy.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--other-installation"));
    let name = |fixture| stdout_json(&natverk(fixture, &["settings", "show", "--json"]))["network_name"].clone();
    assert_eq!(name(&ours), "Första linjens socialtjänst", "nothing was restored");

    let restored = natverk(&ours, &["restore", copy.to_str().unwrap(), "--other-installation"]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert_eq!(name(&ours), "Nätverket i Norrbotten");
}

#[test]
fn members_add_import_export_extract_and_anonymise_from_the_command_line() {
    let fixture = TempDatabase::new();
    let added = stdout_json(&natverk(
        &fixture,
        &[
            "members",
            "add",
            "--name",
            "Åsa Öberg",
            "--email",
            "asa@gavle.se",
            "--municipality",
            "Gävle",
            "--fss-member",
            "--status",
            "aktiv",
            "--json",
        ],
    ));
    assert_eq!(added["municipality_code"], "2180");
    let id = added["id"].as_str().unwrap().to_string();

    let refused = natverk(
        &fixture,
        &["members", "add", "--name", "Per", "--email", "per@gavle.se", "--municipality", "2180", "--status", "aktiv"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Bara medlemmar i FSS"));

    let csv_path = fixture.dir.path().join("lista.csv");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(
        "Namn;E-post;Kommun;FSS-medlem\r\nÖrjan Åkesson;orjan@falun.se;Falun;ja\r\nFel;inte-epost;Falun;ja\r\n",
    );
    std::fs::write(&csv_path, &latin1).unwrap();
    let dry = natverk(&fixture, &["members", "import", csv_path.to_str().unwrap(), "--dry-run"]);
    let dry_text = String::from_utf8_lossy(&dry.stdout);
    assert!(dry_text.contains("Provkörning") && dry_text.contains("rad 3: avvisas"), "{dry_text}");
    assert_eq!(stdout_json(&natverk(&fixture, &["members", "list", "--json"])).as_array().unwrap().len(), 1);
    let applied = natverk(&fixture, &["members", "import", csv_path.to_str().unwrap()]);
    let applied_text = String::from_utf8_lossy(&applied.stdout);
    assert!(applied_text.contains("Importen är klar. Tillagda: 1,"), "{applied_text}");

    let export_path = fixture.dir.path().join("ut.csv");
    assert!(natverk(&fixture, &["members", "export", export_path.to_str().unwrap()]).status.success());
    let exported = String::from_utf8(std::fs::read(&export_path).unwrap()).unwrap();
    assert!(exported.contains("Örjan Åkesson") && exported.contains("Åsa Öberg"), "{exported}");

    let extract = natverk(&fixture, &["members", "extract", &id]);
    assert!(String::from_utf8_lossy(&extract.stdout).contains("asa@gavle.se"));

    assert!(natverk(&fixture, &["members", "anonymise", &id]).status.success());
    let list = natverk(&fixture, &["members", "list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(!text.contains("Åsa") && text.contains("Örjan Åkesson"), "{text}");
    assert!(natverk(&fixture, &["members", "delete", &id]).status.success());
    assert_eq!(natverk(&fixture, &["members", "delete", &id]).status.code(), Some(1));
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

    assert_eq!(shown["sharing"], "network", "an example is shared inside the network unless opened");

    let file = fixture.dir.path().join("exempel.html");
    let export = natverk(
        &fixture,
        &["examples", "export", "--format", "html", file.to_str().unwrap(), "--include-confidential"],
    );
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("<h2>Enklare ingångar till stöd</h2>") && html.contains("&lt;img src=x"));
    assert!(html.contains("Gemensam väg in <span class=\"confidential\">(Inom nätverket)</span>"), "{html}");
}

#[test]
fn a_public_export_from_the_command_line_leaves_out_what_is_shared_inside_the_network() {
    let fixture = TempDatabase::new();
    let add = |title: &str, sharing: Option<&str>| {
        let mut args = vec!["examples", "add", "--title", title, "--municipality", "0180", "--json"];
        if let Some(level) = sharing {
            args.extend(["--sharing", level]);
        }
        stdout_json(&natverk(&fixture, &args))
    };
    assert_eq!(add("Omorganisation av mottagningen", None)["sharing"], "network");
    assert_eq!(add("Öppen mottagning", Some("öppen"))["sharing"], "open");
    assert_eq!(add("Planerad nedläggning", Some("nätverket"))["sharing_label"], "inom nätverket");
    let refused =
        natverk(&fixture, &["examples", "add", "--title", "X", "--municipality", "0180", "--sharing", "alla"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("delning"));

    let file = fixture.dir.path().join("offentlig.md");
    let public = natverk(&fixture, &["examples", "export", "--format", "md", file.to_str().unwrap()]);
    assert!(public.status.success(), "{}", String::from_utf8_lossy(&public.stderr));
    let said = String::from_utf8_lossy(&public.stdout);
    assert!(
        said.contains("Exporterade 1 exempel") && said.contains("2 valda exempel delas bara inom nätverket"),
        "{said}"
    );
    let markdown = std::fs::read_to_string(&file).unwrap();
    assert!(markdown.contains("Öppen mottagning"), "{markdown}");
    assert!(!markdown.contains("Omorganisation") && !markdown.contains("nedläggning"), "{markdown}");
    assert!(markdown.contains("Samlingen innehåller bara öppna exempel"), "{markdown}");

    let all =
        natverk(&fixture, &["examples", "export", "--format", "md", file.to_str().unwrap(), "--include-confidential"]);
    assert!(String::from_utf8_lossy(&all.stdout).contains("Exporterade 3 exempel"));
    let markdown = std::fs::read_to_string(&file).unwrap();
    assert!(markdown.contains("### Omorganisation av mottagningen (Inom nätverket)"), "{markdown}");
    assert!(markdown.contains("### Öppen mottagning\n"), "{markdown}");
    assert!(markdown.contains("2 exempel som bara delas inom nätverket"), "{markdown}");

    let search = |level: &str| {
        let found =
            stdout_json(&natverk(&fixture, &["examples", "search", "mottagning", "--sharing", level, "--json"]));
        let titles: Vec<String> = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["example"]["title"].as_str().unwrap().into())
            .collect();
        titles
    };
    assert_eq!(search("öppen"), ["Öppen mottagning"]);
    assert_eq!(search("nätverket"), ["Omorganisation av mottagningen"]);
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

#[test]
fn text_from_a_file_cannot_send_terminal_control_sequences() {
    let fixture = TempDatabase::new();
    fixture.open();
    let file = fixture.dir.path().join("elak.ics");
    let event = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:elak-1\r\n\
                 DTSTAMP:20240101T000000Z\r\nDTSTART:20240917T130000Z\r\nDTEND:20240917T134500Z\r\n\
                 SUMMARY:Tr\u{1b}[2J\u{1b}]0;kapad\u{7}\u{1b}[31mff\u{202e}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(&file, event).unwrap();
    let output = natverk(&fixture, &["ics", "import", file.to_str().unwrap(), "--dry-run"]);
    let shown = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202e}'), "{shown:?}");
    assert!(shown.contains("\\u{1b}[2J"), "the sequence is shown, harmless: {shown}");
}

#[test]
fn member_lists_and_calendar_files_above_their_caps_are_refused_before_they_are_read() {
    let fixture = TempDatabase::new();
    fixture.open();
    let big_list = fixture.dir.path().join("stor.csv");
    std::fs::write(&big_list, vec![b'x'; natverk_core::members::csv::MAX_FILE_BYTES + 1]).unwrap();
    let output = natverk(&fixture, &["members", "import", big_list.to_str().unwrap(), "--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("större än 5 MB"), "{output:?}");
    let big_calendar = fixture.dir.path().join("stor.ics");
    std::fs::write(&big_calendar, vec![b'x'; natverk_core::calendar::import::MAX_FILE_BYTES + 1]).unwrap();
    let output = natverk(&fixture, &["ics", "import", big_calendar.to_str().unwrap(), "--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("högst 2 MB"), "{output:?}");
    let preview = natverk_core::members::csv::preview(
        fixture.open().conn(),
        &vec![b'x'; natverk_core::members::csv::MAX_FILE_BYTES + 1],
    );
    assert!(preview.unwrap_err().to_string().contains("större än 5 MB"), "the core refuses it too");
}
