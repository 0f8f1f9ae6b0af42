//! Bounded work for any file: a single linear pass over a bundle's JSON that refuses nesting, lists
//! and texts far beyond anything the app writes, before the JSON is turned into records in memory.
//!
//! Without it, a small gzip file holding hundreds of megabytes of `0,` in one child list grows into
//! gigabytes once parsed. The pass keeps one counter per open bracket, so it needs no memory to
//! speak of and reads each byte once.

/// Deeper nesting than any bundle has (payload → records → list → record → child list → link).
const MOST_DEPTH: usize = 10;

/// The lists of records and tombstones (directly under `records` or the payload) may be long …
const MOST_RECORDS_PER_LIST: u64 = 500_000;
/// … any list inside a record (municipalities, themes, links, hosts) is short.
const MOST_ITEMS_PER_CHILD_LIST: u64 = 1_000;
/// The longest text in any field, in bytes as written (an example's body is at most 100,000 characters).
const MOST_TEXT_BYTES: usize = 1_000_000;

/// The depth at which the lists of records and of tombstones stand in the payload.
const RECORD_LIST_DEPTH: usize = 3;

/// Checks the payload's JSON text; the error says what is too big, in Swedish.
pub(crate) fn check(json: &[u8]) -> Result<(), String> {
    // One entry per open bracket: whether it is a list, and how many items it has seen.
    let mut open: Vec<(bool, u64)> = Vec::with_capacity(MOST_DEPTH);
    let mut in_text = false;
    let mut escaped = false;
    let mut text_bytes = 0usize;
    let mut expecting_item = false;
    for &byte in json {
        if in_text {
            text_bytes += 1;
            if text_bytes > MOST_TEXT_BYTES {
                return Err(format!("har en text som är längre än {} MB.", MOST_TEXT_BYTES / 1_000_000));
            }
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_text = false;
            }
            continue;
        }
        if byte.is_ascii_whitespace() {
            continue;
        }
        // The first non-blank byte after `[` or `,` in a list starts an item.
        if expecting_item && byte != b']' {
            expecting_item = false;
            let depth = open.len();
            if let Some((true, items)) = open.last_mut() {
                *items += 1;
                let most = if depth <= RECORD_LIST_DEPTH { MOST_RECORDS_PER_LIST } else { MOST_ITEMS_PER_CHILD_LIST };
                if *items > most {
                    return Err(format!("har en lista med fler än {most} poster."));
                }
            }
        }
        match byte {
            b'"' => {
                in_text = true;
                text_bytes = 0;
            }
            b'[' | b'{' => {
                open.push((byte == b'[', 0));
                if open.len() > MOST_DEPTH {
                    return Err("är djupare nästlad än en utbytesfil kan vara.".into());
                }
                expecting_item = byte == b'[';
            }
            b']' | b'}' => {
                open.pop();
                expecting_item = false;
            }
            b',' => expecting_item = open.last().is_some_and(|(is_list, _)| *is_list),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_payloads_pass() {
        let payload = br#"{"provenance":{"scope":"network"},"records":{"examples":[{"id":"a","links":[[0,"https://x.se","a, b"]],"themes":["t1","t2"]}]},"tombstones":[]}"#;
        assert_eq!(check(payload), Ok(()));
    }

    #[test]
    fn a_long_child_list_deep_nesting_and_a_huge_text_are_refused_at_once() {
        let mut long_child_list = br#"{"records":{"examples":[{"themes":["#.to_vec();
        long_child_list.extend(std::iter::repeat_n(b"0,".as_slice(), 1_001).flatten());
        long_child_list.extend(b"0]}]}}");
        assert!(check(&long_child_list).unwrap_err().contains("1000"));

        let deep = "[".repeat(100_000);
        assert!(check(deep.as_bytes()).unwrap_err().contains("nästlad"));

        let huge_text = format!(r#"{{"records":{{"examples":[{{"body":"{}"}}]}}}}"#, "x".repeat(1_000_001));
        assert!(check(huge_text.as_bytes()).unwrap_err().contains("text"));
    }

    #[test]
    fn commas_and_brackets_inside_texts_are_only_text() {
        let payload = format!(r#"{{"records":{{"examples":[{{"themes":["{}"]}}]}}}}"#, "[,\\\",],".repeat(5_000));
        assert_eq!(check(payload.as_bytes()), Ok(()));
    }
}
