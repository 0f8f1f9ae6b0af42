//! Architecture rules of `src/`: no dependency loops between domains, nor between the files inside one.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

#[test]
fn there_are_no_loops_between_domains() {
    let analysis = analyze_crate_sources();
    let problems = domain_problems(&analysis);
    assert!(
        problems.is_empty(),
        "natverk-core has dependency loops between its domains (top-level modules of src/); \
         a domain may depend on another only if that one does not depend back:\n{}",
        problems.join("\n")
    );
}

#[test]
fn there_are_no_loops_between_the_files_inside_a_domain() {
    let analysis = analyze_crate_sources();
    let problems = file_problems(&analysis);
    assert!(
        problems.is_empty(),
        "natverk-core has dependency loops between the files inside a domain (a folder's mod.rs may use \
         its own parts, but a part must not use its parent's facade):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_rules_find_loops_in_a_fake_tree_and_pass_one_without() {
    let looped: &[(&str, &str)] = &[
        ("lib.rs", "pub mod a; pub mod b; pub mod c; pub mod d; pub use a::Thing;"),
        ("a.rs", "use crate::b::{self, Other};\n// crate::c::in_a_comment\npub struct Thing;"),
        ("b.rs", "pub fn f() -> u8 { crate::a::g(); /* crate::c */ 1 }\nconst S: &str = \"crate::c::x\";"),
        (
            "c.rs",
            "const R: &str = r#\"use crate::a; \"# ;\nconst L: char = '\"';\n\
             macro_rules! m { () => { $crate::a::Thing } }\n\
             #[cfg(test)]\nmod tests { use crate::a::Thing; use super::super::b; }\n\
             pub fn f<'a>(x: &'a str) -> &'a str { x }",
        ),
        ("d/mod.rs", "mod x; mod y; mod z; pub use self::x::X;"),
        ("d/x.rs", "use super::y::Y; pub struct X;"),
        ("d/y.rs", "pub struct Y; pub fn f() { super::x::g() }"),
        ("d/z.rs", "use super::X; use crate::Thing;"),
    ];
    let domain = domain_problems(&analyze(looped));
    assert!(domain.iter().any(|line| line.trim() == "a -> b -> a"), "{domain:#?}");
    assert!(
        !domain.iter().any(|line| line.contains("c ->") || line.contains("-> c")),
        "comments, strings and tests are ignored: {domain:#?}"
    );
    let files = file_problems(&analyze(looped));
    assert!(files.iter().any(|line| line.trim() == "d::x -> d::y -> d::x"), "{files:#?}");
    assert!(files.iter().any(|line| line.contains("d::z -> d ") && line.contains("facade")), "{files:#?}");
    // `crate::Thing` is `a::Thing` re-exported by lib.rs: an edge from d to a, which closes no loop.
    assert!(analyze(looped).edges.contains_key(&("d::z".to_string(), "a".to_string())));

    let clean: &[(&str, &str)] = &[
        ("lib.rs", "pub mod a; pub mod b; pub mod d;"),
        ("a.rs", "use crate::b::{Other, more::{One, Two}};\npub fn g() { crate::b::f() }"),
        ("b.rs", "pub fn f() {}\n#[cfg(test)]\nmod tests { use crate::a::g; }"),
        ("d/mod.rs", "mod x; mod y; pub use self::x::X; pub use y::Y;"),
        ("d/x.rs", "use super::y::Y; use crate::a; pub struct X;"),
        ("d/y.rs", "pub struct Y; fn f() { super::super::b::f() }"),
    ];
    let analysis = analyze(clean);
    assert!(analysis.edges.contains_key(&("d::y".to_string(), "b".to_string())), "{:#?}", analysis.edges);
    assert_eq!(domain_problems(&analysis), Vec::<String>::new());
    assert_eq!(file_problems(&analysis), Vec::<String>::new());
}

/// Every `.rs` file under `src/` except the CLI binary in `src/bin/`, as (path relative to `src/`, source).
fn analyze_crate_sources() -> Analysis {
    fn walk(dir: &Path, relative: &str, files: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).expect("src/ is readable").map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let path_in_src = if relative.is_empty() { name.clone() } else { format!("{relative}/{name}") };
            if path.is_dir() {
                if path_in_src != "bin" {
                    walk(&path, &path_in_src, files);
                }
            } else if name.ends_with(".rs") {
                files.push((path_in_src, std::fs::read_to_string(&path).expect("a readable source file")));
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut files);
    assert!(files.iter().any(|(path, _)| path == "lib.rs") && files.len() > 5, "src/ was not found");
    let pairs: Vec<(&str, &str)> = files.iter().map(|(path, source)| (path.as_str(), source.as_str())).collect();
    analyze(&pairs)
}

/// The module graph of a crate: `from -> to` module paths (`a::b`, the root is `crate`), each with the
/// first place (`src/file.rs:line`) that uses it.
#[derive(Debug)]
struct Analysis {
    edges: BTreeMap<(String, String), String>,
}

/// Builds the module graph from (path relative to `src/`, source) pairs: every `crate::…`, `super::…` and
/// `self::…` path in code (not in comments, string literals or `#[cfg(test)]` items) is an edge to the
/// longest prefix of it that is a module file; `crate::Name` re-exported by lib.rs counts as its origin.
/// lib.rs (the crate root) itself is left out: it declares and re-exports everything.
fn analyze(files: &[(&str, &str)]) -> Analysis {
    let module_of = |path: &str| -> Vec<String> {
        let mut segments: Vec<String> = path.trim_end_matches(".rs").split('/').map(str::to_string).collect();
        if segments == ["lib"] || segments.last().is_some_and(|last| last == "mod") {
            segments.pop();
        }
        segments
    };
    let scans: Vec<(&str, Vec<String>, Scan)> = files
        .iter()
        .map(|(path, source)| {
            let module = module_of(path);
            let scan = scan(&lex(source), &module);
            (*path, module, scan)
        })
        .collect();
    let test_only: Vec<Vec<String>> = scans.iter().flat_map(|(_, _, scan)| scan.test_modules.clone()).collect();
    let is_test_only = |module: &[String]| {
        test_only.iter().any(|test| module.starts_with(test))
            || scans.iter().any(|(_, m, scan)| scan.whole_file_is_test && module.starts_with(m))
    };
    let modules: BTreeSet<Vec<String>> =
        scans.iter().map(|(_, module, _)| module.clone()).filter(|module| !is_test_only(module)).collect();
    let root_exports: BTreeMap<String, Vec<String>> = scans
        .iter()
        .filter(|(_, module, _)| module.is_empty())
        .flat_map(|(_, _, scan)| scan.root_exports.iter())
        .filter_map(|(name, path)| {
            let path: Vec<String> =
                path.iter().skip_while(|s| *s == "crate" || *s == "self").take_while(|s| is_name(s)).cloned().collect();
            Some((name.clone(), longest_module_prefix(&path, &modules)?))
        })
        .collect();

    let mut edges = BTreeMap::new();
    for (path, module, scan) in &scans {
        if module.is_empty() || is_test_only(module) {
            continue;
        }
        for (context, used, line) in &scan.paths {
            let Some(full) = absolute(context, used) else { continue };
            let Some(mut target) = longest_module_prefix(&full, &modules) else { continue };
            if target.is_empty() {
                match full.first().and_then(|name| root_exports.get(name)) {
                    Some(exported) => target = exported.clone(),
                    None => continue,
                }
            }
            if target.is_empty() || &target == module {
                continue;
            }
            edges.entry((module.join("::"), target.join("::"))).or_insert_with(|| format!("src/{path}:{line}"));
        }
    }
    Analysis { edges }
}

/// The domain rule: the graph of top-level modules has no loop.
fn domain_problems(analysis: &Analysis) -> Vec<String> {
    let domain = |module: &str| module.split("::").next().unwrap_or_default().to_string();
    let mut edges = BTreeMap::new();
    for ((from, to), place) in &analysis.edges {
        if domain(from) != domain(to) {
            let (from_domain, to_domain) = (domain(from), domain(to));
            let place = if (from, to) == (&from_domain, &to_domain) {
                place.clone()
            } else {
                format!("{place} ({from} -> {to})")
            };
            edges.entry((from_domain, to_domain)).or_insert(place);
        }
    }
    describe_loops(&edges)
}

/// The file rule: inside a domain no part uses its parent's (or an ancestor's) facade, and the files,
/// leaving out a facade's edges to its own parts, have no loop.
fn file_problems(analysis: &Analysis) -> Vec<String> {
    let is_ancestor = |ancestor: &str, of: &str| of.starts_with(&format!("{ancestor}::"));
    let domain = |module: &str| module.split("::").next().unwrap_or_default().to_string();
    let mut problems = Vec::new();
    let mut edges = BTreeMap::new();
    for ((from, to), place) in &analysis.edges {
        if is_ancestor(to, from) {
            problems.push(format!("  a part imports its parent's facade: {from} -> {to} ({place})"));
        } else if !is_ancestor(from, to) && domain(from) == domain(to) {
            edges.insert((from.clone(), to.clone()), place.clone());
        }
    }
    problems.extend(describe_loops(&edges));
    problems
}

/// For every edge that lies on a loop, the shortest loop through it (`a -> b -> a`), then those edges
/// with the first place that makes each; nothing when the graph has no loop.
fn describe_loops(edges: &BTreeMap<(String, String), String>) -> Vec<String> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from.as_str()).or_default().push(to.as_str());
    }
    let shortest_path = |start: &str, goal: &str| -> Option<Vec<String>> {
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                let mut path = vec![goal.to_string()];
                let mut at = goal;
                while at != start {
                    at = came_from[at];
                    path.push(at.to_string());
                }
                path.reverse();
                return Some(path);
            }
            for next in graph.get(node).into_iter().flatten() {
                if *next != start && !came_from.contains_key(next) {
                    came_from.insert(*next, node);
                    queue.push_back(next);
                }
            }
        }
        None
    };
    let mut loops = BTreeSet::new();
    for (from, to) in edges.keys() {
        if let Some(back) = shortest_path(to, from) {
            let mut cycle = vec![from.clone()];
            cycle.extend(back.into_iter().take_while(|node| node != from));
            let smallest = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
            cycle.rotate_left(smallest);
            loops.insert((cycle.len(), cycle));
        }
    }
    if loops.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<String> =
        loops.iter().map(|(_, cycle)| format!("  {} -> {}", cycle.join(" -> "), cycle[0])).collect();
    lines.push("where the edges on these loops come from:".to_string());
    let on_loop: BTreeSet<(&String, &String)> = loops
        .iter()
        .flat_map(|(_, cycle)| (0..cycle.len()).map(|i| (&cycle[i], &cycle[(i + 1) % cycle.len()])))
        .collect();
    for (from, to) in on_loop {
        lines.push(format!("  {from} -> {to}: {}", edges[&(from.clone(), to.clone())]));
    }
    lines
}

/// The `crate`/`super`/`self` path, used in module `context`, as a path from the crate root.
fn absolute(context: &[String], used: &[String]) -> Option<Vec<String>> {
    let mut segments = used.iter().map(String::as_str).peekable();
    let mut full: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => context.to_vec(),
        "super" => context.split_last()?.1.to_vec(),
        _ => return None,
    };
    while segments.peek() == Some(&"super") {
        segments.next();
        full.pop()?;
    }
    full.extend(segments.take_while(|s| is_name(s) && !matches!(*s, "self" | "super" | "crate")).map(str::to_string));
    Some(full)
}

fn longest_module_prefix(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (0..=path.len()).rev().map(|length| path[..length].to_vec()).find(|prefix| modules.contains(prefix))
}

fn is_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// What one file uses: (module the use is in, path as written, line) for every `crate::`, `super::` and
/// `self::` path; the file modules it declares `#[cfg(test)]`; and, for lib.rs, its `pub use` names.
#[derive(Default)]
struct Scan {
    paths: Vec<(Vec<String>, Vec<String>, usize)>,
    test_modules: Vec<Vec<String>>,
    whole_file_is_test: bool,
    root_exports: Vec<(String, Vec<String>)>,
}

fn scan(tokens: &[Token], module: &[String]) -> Scan {
    let text = |i: usize| tokens.get(i).map_or("", |token| token.text.as_str());
    let mut result = Scan::default();
    let mut inline_modules: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut next_item_is_test = false;
    let mut i = 0;
    while i < tokens.len() {
        let context = || -> Vec<String> {
            module.iter().cloned().chain(inline_modules.iter().map(|(name, _)| name.clone())).collect()
        };
        let inner = text(i + 1) == "!";
        let open = if inner { i + 2 } else { i + 1 };
        if text(i) == "#" && text(open) == "[" {
            let close = item_end(tokens, open + 1);
            if (open + 1..close).map(text).eq(["cfg", "(", "test", ")"]) {
                if !inner {
                    next_item_is_test = true;
                } else if inline_modules.is_empty() {
                    result.whole_file_is_test = true;
                    return result;
                }
            }
            i = close + 1;
            continue;
        }
        if next_item_is_test {
            next_item_is_test = false;
            let end = item_end(tokens, i);
            if let Some(at) = (i..end).find(|&j| text(j) == "mod" && is_name(text(j + 1)) && text(j + 2) == ";") {
                result.test_modules.push([context(), vec![text(at + 1).to_string()]].concat());
            }
            i = end;
            continue;
        }
        let previous = if i == 0 { "" } else { text(i - 1) };
        match text(i) {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                while inline_modules.last().is_some_and(|(_, opened_at)| *opened_at > depth) {
                    inline_modules.pop();
                }
            }
            "mod" if is_name(text(i + 1)) && text(i + 2) == "{" => {
                inline_modules.push((text(i + 1).to_string(), depth + 1));
                i += 2;
                continue;
            }
            "use" if module.is_empty() && (previous == "pub" || previous == ")") => {
                let (items, next) = use_tree(tokens, i + 1);
                result.root_exports.extend(items);
                i = next;
                continue;
            }
            "crate" | "super" | "self" if text(i + 1) == "::" && !matches!(previous, "::" | "$" | "in") => {
                let line = tokens[i].line;
                let (items, next) = use_tree(tokens, i);
                result.paths.extend(items.into_iter().map(|(_, path)| (context(), path, line)));
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    result
}

/// The index just past the item starting at `start`: past its `;` or its outermost `{…}`, or at the
/// bracket that closes what encloses it (for attributes: the index of their `]`).
fn item_end(tokens: &[Token], start: usize) -> usize {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(start) {
        match token.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" if depth == 0 => return i,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 && token.text == "}" {
                    return i + 1;
                }
            }
            ";" if depth == 0 => return i + 1,
            _ => {}
        }
    }
    tokens.len()
}

/// A path or `use` tree starting at `i` (`a::b::{c, d::{self, e as f}, *}`), expanded into
/// (name it brings in, full path) pairs; also the index after it.
fn use_tree(tokens: &[Token], mut i: usize) -> (Vec<(String, Vec<String>)>, usize) {
    let text = |i: usize| tokens.get(i).map_or("", |token| token.text.as_str());
    let mut prefix: Vec<String> = Vec::new();
    let name_of = |prefix: &[String]| prefix.iter().rev().find(|s| *s != "self").cloned().unwrap_or_default();
    loop {
        if text(i) == "{" {
            i += 1;
            let mut items = Vec::new();
            while i < tokens.len() && text(i) != "}" {
                let (nested, next) = use_tree(tokens, i);
                let nested = nested.into_iter().map(|(name, path)| {
                    let name = if name.is_empty() || path.last().is_some_and(|s| s == "self") {
                        name_of(&prefix)
                    } else {
                        name
                    };
                    (name, [prefix.clone(), path].concat())
                });
                items.extend(nested);
                i = if next > i { next } else { i + 1 };
                if text(i) == "," {
                    i += 1;
                }
            }
            return (items, i + 1);
        }
        if text(i) == "*" {
            return (vec![("*".to_string(), prefix)], i + 1);
        }
        if !is_name(text(i)) {
            return (vec![(name_of(&prefix), prefix)], i);
        }
        prefix.push(text(i).to_string());
        i += 1;
        match text(i) {
            "::" => i += 1,
            "as" => return (vec![(text(i + 1).to_string(), prefix)], i + 2),
            _ => return (vec![(name_of(&prefix), prefix)], i),
        }
    }
}

/// A word, `::` or one punctuation character, with its line; comments and literals are left out.
struct Token {
    text: String,
    line: usize,
}

fn lex(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut nesting = 0;
            while i < chars.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    nesting += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    nesting -= 1;
                    i += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = string_end(&chars, i) {
            i = end;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{e5}') or a lifetime ('a, whose name then lexes as a word).
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if is_word(c) {
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            if i == start + 1 && c == 'r' && at(i) == '#' && is_word(at(i + 1)) {
                i += 1; // a raw identifier, r#name
                let name_start = i;
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                tokens.push(Token { text: chars[name_start..i].iter().collect(), line });
            } else if !c.is_ascii_digit() {
                tokens.push(Token { text: chars[start..i].iter().collect(), line });
            }
        } else if c == ':' && at(i + 1) == ':' {
            tokens.push(Token { text: "::".to_string(), line });
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(Token { text: c.to_string(), line });
            }
            i += 1;
        }
        line += chars[start..i.min(chars.len())].iter().filter(|&&c| c == '\n').count();
    }
    tokens
}

/// If a string literal ("…", b"…", c"…", r"…", r#"…"#, br#"…"#, cr"…") starts at `i`, the index after it.
fn string_end(chars: &[char], i: usize) -> Option<usize> {
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut j = i;
    if matches!(at(j), 'b' | 'c') {
        j += 1;
    }
    if at(j) == 'r' {
        j += 1;
        let hashes = (j..).take_while(|&k| at(k) == '#').count();
        j += hashes;
        if at(j) != '"' {
            return None;
        }
        j += 1;
        while j < chars.len() {
            if chars[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                return Some(j + 1 + hashes);
            }
            j += 1;
        }
        return Some(chars.len());
    }
    if at(j) != '"' {
        return None;
    }
    j += 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    Some(chars.len())
}
