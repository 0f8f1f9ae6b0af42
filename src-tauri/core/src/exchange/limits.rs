//! Bounded work for any file: a linear pass over each line of a bundle, fed as it is read, that
//! refuses nesting, lists and texts far beyond anything the app writes, before the line is parsed.
//!
//! Without it, a small gzip file holding hundreds of megabytes of `0,` in one child list grows into
//! gigabytes once parsed. The pass keeps one counter per open bracket, so it needs no memory to
//! speak of and reads each byte once; a line that passes parses into a small tree.

/// Deeper nesting than any line has (line → record → fields → child list → link).
const MOST_DEPTH: usize = 6;
/// Any list inside a record (municipalities, themes, links, hosts) is short.
const MOST_ITEMS_PER_CHILD_LIST: u64 = 1_000;
/// Values (list items and object fields) in one line: a record with every child list full stays below it.
const MOST_VALUES_PER_LINE: u64 = 20_000;
/// The longest text in any field, in bytes as written (an example's body is at most 100,000 characters).
const MOST_TEXT_BYTES: usize = 1_000_000;

/// The structure of one line seen so far.
#[derive(Debug, Default)]
pub(crate) struct LineCheck {
    /// One entry per open bracket: whether it is a list, and how many items it has seen.
    open: Vec<(bool, u64)>,
    in_text: bool,
    escaped: bool,
    text_bytes: usize,
    expecting_item: bool,
    values: u64,
}

impl LineCheck {
    /// Starts over for a new line.
    pub(crate) fn reset(&mut self) {
        self.open.clear();
        self.in_text = false;
        self.escaped = false;
        self.text_bytes = 0;
        self.expecting_item = false;
        self.values = 0;
    }

    /// Checks the next bytes of the line; the error says what is too big, in Swedish.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        for &byte in bytes {
            if self.in_text {
                self.text_bytes += 1;
                if self.text_bytes > MOST_TEXT_BYTES {
                    return Err(format!("har en text som är längre än {} MB.", MOST_TEXT_BYTES / 1_000_000));
                }
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_text = false;
                }
                continue;
            }
            if byte.is_ascii_whitespace() {
                continue;
            }
            // The first non-blank byte after `[` or `,` in a list starts an item.
            if self.expecting_item && byte != b']' {
                self.expecting_item = false;
                if let Some((true, items)) = self.open.last_mut() {
                    *items += 1;
                    if *items > MOST_ITEMS_PER_CHILD_LIST {
                        return Err(format!("har en lista med fler än {MOST_ITEMS_PER_CHILD_LIST} poster."));
                    }
                    self.count_value()?;
                }
            }
            match byte {
                b'"' => {
                    self.in_text = true;
                    self.text_bytes = 0;
                }
                b'[' | b'{' => {
                    self.open.push((byte == b'[', 0));
                    if self.open.len() > MOST_DEPTH {
                        return Err("är djupare nästlad än en utbytesfil kan vara.".into());
                    }
                    self.expecting_item = byte == b'[';
                }
                b']' | b'}' => {
                    self.open.pop();
                    self.expecting_item = false;
                }
                b',' => self.expecting_item = self.open.last().is_some_and(|(is_list, _)| *is_list),
                b':' => self.count_value()?,
                _ => {}
            }
        }
        Ok(())
    }

    fn count_value(&mut self) -> Result<(), String> {
        self.values += 1;
        if self.values > MOST_VALUES_PER_LINE {
            return Err(format!("har en post med fler än {MOST_VALUES_PER_LINE} värden."));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &[u8]) -> Result<(), String> {
        let mut check = LineCheck::default();
        // Fed in small pieces, as a reader does.
        line.chunks(7).try_for_each(|piece| check.feed(piece))
    }

    #[test]
    fn ordinary_records_pass() {
        let line = br#"{"record":{"entity":"examples","fields":{"id":"a","links":[[0,"https://x.se","a, b"]],"themes":["t1","t2"]}}}"#;
        assert_eq!(check(line), Ok(()));
    }

    #[test]
    fn a_long_child_list_deep_nesting_many_values_and_a_huge_text_are_refused_at_once() {
        let mut long_child_list = br#"{"record":{"entity":"examples","fields":{"themes":["#.to_vec();
        long_child_list.extend(std::iter::repeat_n(b"0,".as_slice(), 1_001).flatten());
        long_child_list.extend(b"0]}}}");
        assert!(check(&long_child_list).unwrap_err().contains("1000"));

        let deep = "[".repeat(100_000);
        assert!(check(deep.as_bytes()).unwrap_err().contains("nästlad"));

        let many_lists = format!(r#"{{"fields":{{"links":[{}[0]]}}}}"#, format!("[{}0],", "0,".repeat(29)).repeat(999));
        assert!(check(many_lists.as_bytes()).unwrap_err().contains("värden"));

        let huge_text = format!(r#"{{"record":{{"fields":{{"body":"{}"}}}}}}"#, "x".repeat(1_000_001));
        assert!(check(huge_text.as_bytes()).unwrap_err().contains("text"));
    }

    #[test]
    fn commas_and_brackets_inside_texts_are_only_text() {
        let line = format!(r#"{{"record":{{"fields":{{"themes":["{}"]}}}}}}"#, "[,\\\",],".repeat(5_000));
        assert_eq!(check(line.as_bytes()), Ok(()));
    }
}
