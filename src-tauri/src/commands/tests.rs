//! Keeps the registered commands and `ui/js/api.js` in step: every command is called there, every call is registered.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative_to_manifest: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative_to_manifest);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{} could not be read: {error}", path.display()))
}

/// The command names in `handler()`'s `generate_handler![...]` list (the last segment of each path).
fn registered_commands(mod_rs: &str) -> BTreeSet<String> {
    let start = mod_rs.find("generate_handler![").expect("commands/mod.rs has a generate_handler! list");
    let list = &mod_rs[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').expect("the generate_handler! list ends with ]")];
    list.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .collect()
}

/// The command names `api.js` passes to `call('name', ...)`.
fn called_commands(api_js: &str) -> BTreeSet<String> {
    api_js
        .match_indices("call(")
        .filter_map(|(at, found)| {
            let rest = &api_js[at + found.len()..];
            let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let name = &rest[1..];
            Some(name[..name.find(quote)?].to_string())
        })
        .collect()
}

#[test]
fn every_registered_command_is_called_by_api_js_and_every_call_is_registered() {
    let registered = registered_commands(&read("src/commands/mod.rs"));
    let called = called_commands(&read("../ui/js/api.js"));
    assert!(registered.len() > 10, "the generate_handler! list in commands/mod.rs was not found or not understood");
    assert!(called.len() > 10, "no call('...') was found in ui/js/api.js");
    let not_called: Vec<_> = registered.difference(&called).collect();
    let not_registered: Vec<_> = called.difference(&registered).collect();
    assert!(
        not_called.is_empty() && not_registered.is_empty(),
        "commands and ui/js/api.js disagree.\n  registered in commands/mod.rs but never called by api.js: {not_called:?}\n  \
         called by api.js but not registered in commands/mod.rs: {not_registered:?}"
    );
}

#[test]
fn the_parsers_read_both_notations() {
    let registered = registered_commands("tauri::generate_handler![\n  app::app_info,\n  // note\n  b::c, d\n]");
    assert_eq!(registered, BTreeSet::from(["app_info".to_string(), "c".to_string(), "d".to_string()]));
    let called =
        called_commands("async function call(command) {}\nconst a = () => call('one');\n  call(\"two\", { x });");
    assert_eq!(called, BTreeSet::from(["one".to_string(), "two".to_string()]));
}
