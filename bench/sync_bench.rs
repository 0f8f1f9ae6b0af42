//! Exchange benchmark helper for `bench/sync.sh`: times export and full import against a raw insert, and makes a bundle at the size cap.
//!
//! `sync_bench import-vs-raw <database>`: exports the network from a copy of `<database>` and
//! imports it into new databases, alternating with a raw SQLite insert of the same rows (with the
//! search index built the same way), three times each; prints the medians and their ratio.
//! `sync_bench cap-file <database> <file>`: fills `<database>` (a new one) with examples whose texts
//! are as long as allowed until its network bundle is just under the size cap, and writes that
//! bundle, signed, to `<file>` (gzip) and `<file>.plain` (uncompressed).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use natverk_core::examples;
use natverk_core::exchange::{self, format::MAX_BUNDLE_BYTES, ExportOptions};
use natverk_core::Database;
use rusqlite::types::Value;

/// The tables a bundle of the whole network fills, parents first.
const BUNDLE_TABLES: [&str; 9] = [
    "members",
    "meetings",
    "meeting_hosts",
    "examples",
    "example_municipalities",
    "example_themes",
    "example_links",
    "presentations",
    "attendance",
];

fn rows_of(conn: &rusqlite::Connection) -> Vec<(&'static str, Vec<Vec<Value>>)> {
    BUNDLE_TABLES
        .iter()
        .map(|table| {
            let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let width = statement.column_count();
            let rows = statement
                .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (*table, rows)
        })
        .collect()
}

/// The baseline: the same rows written with one prepared INSERT per table in one transaction, and
/// the search index filled with the statement the import uses.
fn raw_insert(db: &mut Database, rows: &[(&'static str, Vec<Vec<Value>>)]) {
    let tx = db.conn().unchecked_transaction().unwrap();
    for (table, table_rows) in rows {
        let Some(width) = table_rows.first().map(Vec::len) else { continue };
        let placeholders = vec!["?"; width].join(", ");
        let mut insert = tx.prepare(&format!("INSERT OR REPLACE INTO {table} VALUES ({placeholders})")).unwrap();
        for row in table_rows {
            insert.execute(rusqlite::params_from_iter(row)).unwrap();
        }
    }
    examples::index::rebuild_index(&tx).unwrap();
    tx.commit().unwrap();
}

fn fresh_database(folder: &Path, name: &str) -> (PathBuf, Database) {
    let path = folder.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Database::open(&path).unwrap();
    (path, db)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn import_vs_raw(database: &Path) {
    let folder = database.parent().unwrap().join("import-vs-raw");
    std::fs::create_dir_all(&folder).unwrap();
    let mut source = Database::open(database).unwrap();
    let started = Instant::now();
    let (bundle, summary) = exchange::export_bundle(&mut source, ExportOptions::default()).unwrap();
    let export_time = started.elapsed();
    let rows = rows_of(source.conn());
    let row_count: usize = rows.iter().map(|(_, rows)| rows.len()).sum();
    let (mut imports, mut raws) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let (_, mut target) = fresh_database(&folder, "import.sqlite3");
        let started = Instant::now();
        exchange::apply_import(&mut target, &bundle, exchange::Acceptance::host()).unwrap();
        imports.push(started.elapsed());
        let (_, mut target) = fresh_database(&folder, "raw.sqlite3");
        let started = Instant::now();
        raw_insert(&mut target, &rows);
        raws.push(started.elapsed());
    }
    let (import, raw) = (median(imports), median(raws));
    println!(
        "export of the network into memory ({} examples, {:.1} MB gzip): {:.2} s",
        summary.counts.get("examples").copied().unwrap_or_default(),
        bundle.len() as f64 / 1e6,
        export_time.as_secs_f64()
    );
    println!("full import into a new database: {:.2} s (median of 3)", import.as_secs_f64());
    println!("raw insert of the same {row_count} rows + search index: {:.2} s (median of 3)", raw.as_secs_f64());
    println!("import speed / raw insert speed: {:.2} (target ≥ 0.8)", raw.as_secs_f64() / import.as_secs_f64());
    let _ = std::fs::remove_dir_all(&folder);
}

/// A text of ordinary words, `bytes` long.
fn long_text(bytes: usize, seed: usize) -> String {
    const WORDS: [&str; 12] = [
        "samverkan",
        "förälder",
        "stöd",
        "tidigt",
        "insats",
        "barn",
        "skola",
        "socialtjänst",
        "möte",
        "familj",
        "uppföljning",
        "trygghet",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut i = seed;
    while text.len() < bytes {
        text.push_str(WORDS[i % WORDS.len()]);
        text.push(' ');
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.trim_end().to_string()
}

fn cap_file(database: &Path, file: &Path) {
    let mut db = Database::open(database).unwrap();
    let origin: String = db.conn().query_row("SELECT id FROM installation", [], |row| row.get(0)).unwrap();
    // Each example carries about 100 kB of text (the body's limit is 100,000 characters).
    let per_example = 99_000 + 1_900 + 900;
    let count = (MAX_BUNDLE_BYTES as usize * 97 / 100) / per_example;
    db.write(|tx| {
        let mut insert = tx.prepare(
            "INSERT INTO examples (id, title, summary, body, evaluation, origin_installation_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
        )?;
        for i in 0..count {
            insert.execute((
                format!("cap-{i:06}"),
                format!("Exempel {i}"),
                long_text(1_900, i),
                long_text(99_000, i + 1),
                long_text(900, i + 2),
                &origin,
            ))?;
        }
        Ok(())
    })
    .unwrap();
    let (gzip, _) = exchange::export_bundle(&mut db, ExportOptions::default()).unwrap();
    std::fs::write(file, &gzip).unwrap();
    let plain_options = ExportOptions { compress: false, ..Default::default() };
    let (plain, _) = exchange::export_bundle(&mut db, plain_options).unwrap();
    std::fs::write(format!("{}.plain", file.display()), &plain).unwrap();
    println!(
        "bundle at the size cap: {count} examples, {:.1} MB uncompressed (cap {} MB), {:.1} MB gzip",
        plain.len() as f64 / 1e6,
        MAX_BUNDLE_BYTES / 1024 / 1024,
        gzip.len() as f64 / 1e6
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("import-vs-raw") if args.len() == 3 => import_vs_raw(Path::new(&args[2])),
        Some("cap-file") if args.len() == 4 => cap_file(Path::new(&args[2]), Path::new(&args[3])),
        _ => {
            eprintln!("usage: sync_bench import-vs-raw <database> | cap-file <new database> <file>");
            std::process::exit(2);
        }
    }
}
