//! A second launch hands over to the running app and exits, so there is never a second writer.
//!
//! The single-instance plugin talks over the D-Bus session bus on Linux, as every desktop has; the
//! test gives the app a private bus with `dbus-run-session`.

use std::process::Command;

use crate::harness::start_display;

#[test]
fn a_second_launch_exits_and_leaves_the_running_app_alone() {
    let (mut display, display_name) = start_display();
    let data = tempfile::tempdir().expect("a temporary data folder");
    // The first instance runs in the background; once its database exists (it is up), a second
    // instance is started and must end by itself within 30 s, while the first keeps running.
    let script = r#"
        "$APP" > /dev/null 2>&1 &
        first=$!
        for _ in $(seq 1 300); do [ -f "$NATVERK_DB" ] && break; sleep 0.1; done
        sleep 1
        timeout 30 "$APP" > /dev/null 2>&1
        second=$?
        if kill -0 "$first" 2>/dev/null; then alive=yes; else alive=no; fi
        kill -TERM "$first"; wait "$first" 2>/dev/null
        echo "second=$second first_alive=$alive"
    "#;
    let output = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", script])
        .env("APP", env!("CARGO_BIN_EXE_natverket"))
        .env("DISPLAY", &display_name)
        .env("NATVERK_DB", data.path().join("natverket.sqlite3"))
        .env("XDG_DATA_HOME", data.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
        .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
        .output()
        .expect("dbus-run-session must be installed (make test installs dbus)");
    let _ = display.kill();
    let _ = display.wait();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("second=0 first_alive=yes"),
        "the second launch should exit on its own (0) and leave the first running; got {report:?}"
    );
}
