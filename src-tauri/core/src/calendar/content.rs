//! RFC 5545 content lines, both ways: escaping, folding at 75 octets and RFC 6868 parameter values out; unfolding, parsing and unescaping in.
//!
//! Kept small and strict on purpose: the generated text must be accepted byte for byte by Outlook,
//! Google, Apple Calendar and Thunderbird, and every parse error names the line it is on.

use crate::error::{Error, Result};

/// Longest physical line in octets, not counting the CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Builds a calendar file line by line with CRLF endings and correct folding.
#[derive(Default)]
pub struct ContentWriter {
    out: String,
}

impl ContentWriter {
    /// A property whose value is written as given (dates, numbers, URIs, codes).
    pub fn raw(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::from(name);
        for (param, param_value) in params {
            line.push(';');
            line.push_str(param);
            line.push('=');
            line.push_str(&quote_param_value(param_value));
        }
        line.push(':');
        line.push_str(&strip_controls(value, false));
        self.push_folded(&line);
    }

    /// A property of type TEXT: backslash, semicolon, comma and line breaks are escaped.
    pub fn text(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        self.raw(name, params, &escape_text(value));
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", &[], component);
    }

    /// `END:NAME`.
    pub fn end(&mut self, component: &str) {
        self.raw("END", &[], component);
    }

    /// The finished file.
    pub fn finish(self) -> String {
        self.out
    }

    fn push_folded(&mut self, line: &str) {
        let mut budget = MAX_LINE_OCTETS;
        let mut used = 0;
        for character in line.chars() {
            let width = character.len_utf8();
            if used + width > budget {
                // Continuation lines start with one space, which counts toward their 75 octets.
                self.out.push_str("\r\n ");
                budget = MAX_LINE_OCTETS - 1;
                used = 0;
            }
            self.out.push(character);
            used += width;
        }
        self.out.push_str("\r\n");
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11); every kind of line break becomes `\n`.
pub(crate) fn escape_text(value: &str) -> String {
    let normalised = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut escaped = String::with_capacity(normalised.len());
    for character in strip_controls(&normalised, true).chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Removes control characters a calendar file may not carry (tab is allowed; newlines only where kept).
fn strip_controls(value: &str, keep_newlines: bool) -> String {
    value.chars().filter(|c| !c.is_control() || *c == '\t' || (keep_newlines && *c == '\n')).collect()
}

/// A parameter value: RFC 6868 caret-encoding for `^`, `"` and newlines, quoted unless it is plain.
fn quote_param_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len() + 2);
    for character in value.chars() {
        match character {
            '^' => encoded.push_str("^^"),
            '"' => encoded.push_str("^'"),
            '\n' => encoded.push_str("^n"),
            c if c.is_control() => {}
            c => encoded.push(c),
        }
    }
    let plain = !encoded.is_empty() && encoded.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if plain {
        encoded
    } else {
        format!("\"{encoded}\"")
    }
}

/// One unfolded content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLine {
    /// Upper-cased property name.
    pub name: String,
    /// Parameters with upper-cased names and decoded values.
    pub params: Vec<(String, String)>,
    /// The raw value (TEXT values still escaped: see [`unescape_text`]).
    pub value: String,
    /// 1-based number of the physical line where it starts.
    pub line_number: usize,
}

impl ContentLine {
    /// The first value of a parameter, by upper-case name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// A parsed component (`VCALENDAR`, `VEVENT`, ...) with its properties and sub-components.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    pub name: String,
    pub properties: Vec<ContentLine>,
    pub components: Vec<Component>,
}

impl Component {
    /// The first property with this (upper-case) name.
    pub fn property(&self, name: &str) -> Option<&ContentLine> {
        self.properties.iter().find(|line| line.name == name)
    }

    /// The unescaped TEXT value of the first property with this name.
    pub fn text(&self, name: &str) -> Option<String> {
        self.property(name).map(|line| unescape_text(&line.value))
    }
}

fn malformed(line_number: usize, what: &str) -> Error {
    Error::invalid("file", format!("Kalenderfilen är felaktig på rad {line_number}: {what}. Inget har importerats."))
}

/// Parses a whole calendar file into its top-level components.
pub fn parse(text: &str) -> Result<Vec<Component>> {
    let mut stack: Vec<Component> = Vec::new();
    let mut finished = Vec::new();
    for line in unfold(text) {
        let line = parse_line(line.0, &line.1)?;
        match line.name.as_str() {
            "BEGIN" => stack.push(Component { name: line.value.trim().to_ascii_uppercase(), ..Component::default() }),
            "END" => {
                let component = stack.pop().ok_or_else(|| malformed(line.line_number, "END utan motsvarande BEGIN"))?;
                if component.name != line.value.trim().to_ascii_uppercase() {
                    return Err(malformed(
                        line.line_number,
                        &format!("END:{} avslutar BEGIN:{}", line.value.trim(), component.name),
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.components.push(component),
                    None => finished.push(component),
                }
            }
            _ => match stack.last_mut() {
                Some(component) => component.properties.push(line),
                None => return Err(malformed(line.line_number, "egenskap utanför BEGIN:VCALENDAR")),
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::invalid(
            "file",
            format!(
                "Kalenderfilen tar slut mitt i {} (END saknas). Filen kan vara avkortad. Inget har importerats.",
                open.name
            ),
        ));
    }
    Ok(finished)
}

/// Joins folded lines; yields (line number, logical line), skipping empty lines.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match (physical.chars().next(), lines.last_mut()) {
            (Some(' ' | '\t'), Some((_, logical))) => logical.push_str(&physical[1..]),
            _ if physical.is_empty() => {}
            _ => lines.push((index + 1, physical.to_string())),
        }
    }
    lines
}

fn parse_line(line_number: usize, line: &str) -> Result<ContentLine> {
    let name_end = line.find([';', ':']).ok_or_else(|| malformed(line_number, "kolon saknas"))?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(malformed(line_number, "ogiltigt egenskapsnamn"));
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after_semicolon) = rest.strip_prefix(';') {
        let equals = after_semicolon.find('=').ok_or_else(|| malformed(line_number, "parameter utan värde"))?;
        let param_name = after_semicolon[..equals].trim().to_ascii_uppercase();
        let mut value_text = &after_semicolon[equals + 1..];
        let value = if let Some(quoted) = value_text.strip_prefix('"') {
            let close = quoted.find('"').ok_or_else(|| malformed(line_number, "citattecken avslutas inte"))?;
            value_text = &quoted[close + 1..];
            decode_param_value(&quoted[..close])
        } else {
            let end = value_text.find([';', ':', ',']).unwrap_or(value_text.len());
            let plain = decode_param_value(&value_text[..end]);
            value_text = &value_text[end..];
            plain
        };
        // Further values of a multi-valued parameter are skipped; the first is what we use.
        while let Some(more) = value_text.strip_prefix(',') {
            let end = if let Some(quoted) = more.strip_prefix('"') {
                quoted.find('"').map(|i| i + 2).ok_or_else(|| malformed(line_number, "citattecken avslutas inte"))?
            } else {
                more.find([';', ':', ',']).unwrap_or(more.len())
            };
            value_text = &more[end..];
        }
        params.push((param_name, value));
        rest = value_text;
    }
    let value = rest.strip_prefix(':').ok_or_else(|| malformed(line_number, "kolon saknas efter parametrarna"))?;
    Ok(ContentLine { name, params, value: value.to_string(), line_number })
}

fn decode_param_value(value: &str) -> String {
    let mut decoded = String::with_capacity(value.len());
    let mut characters = value.chars().peekable();
    while let Some(character) = characters.next() {
        match (character, characters.peek()) {
            ('^', Some('^')) => {
                decoded.push('^');
                characters.next();
            }
            ('^', Some('\'')) => {
                decoded.push('"');
                characters.next();
            }
            ('^', Some('n' | 'N')) => {
                decoded.push('\n');
                characters.next();
            }
            (other, _) => decoded.push(other),
        }
    }
    decoded
}

/// Undoes TEXT escaping: `\\`, `\;`, `\,`, `\n`/`\N`.
pub(crate) fn unescape_text(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    let mut characters = value.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            text.push(character);
            continue;
        }
        match characters.next() {
            Some('n' | 'N') => text.push('\n'),
            Some(escaped) => text.push(escaped),
            None => text.push('\\'),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_escape_backslash_semicolon_comma_and_newlines() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        assert_eq!(unescape_text(&escape_text("a\\b;c,d\ne")), "a\\b;c,d\ne");
        assert_eq!(escape_text("klocka\u{7}"), "klocka", "control characters are dropped");
    }

    #[test]
    fn long_swedish_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut writer = ContentWriter::default();
        writer.text("DESCRIPTION", &[], &"Åsa och Örjan träffas på Älvsjö. ".repeat(20));
        let file = writer.finish();
        assert!(file.ends_with("\r\n"));
        for physical in file.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        let components_text = format!("BEGIN:X\r\n{file}END:X\r\n");
        let parsed = parse(&components_text).unwrap();
        assert_eq!(
            parsed[0].text("DESCRIPTION").unwrap(),
            "Åsa och Örjan träffas på Älvsjö. ".repeat(20),
            "byte for byte"
        );
    }

    #[test]
    fn parameter_values_with_commas_and_quotes_survive_by_rfc_6868() {
        let mut writer = ContentWriter::default();
        writer.raw("ATTENDEE", &[("CN", "Öberg, Åsa \"Åsa\""), ("ROLE", "REQ-PARTICIPANT")], "mailto:asa@are.se");
        let file = writer.finish();
        assert_eq!(file, "ATTENDEE;CN=\"Öberg, Åsa ^'Åsa^'\";ROLE=REQ-PARTICIPANT:mailto:asa@are.se\r\n");
        let parsed = parse(&format!("BEGIN:X\r\n{file}END:X\r\n")).unwrap();
        let attendee = parsed[0].property("ATTENDEE").unwrap();
        assert_eq!(attendee.param("CN"), Some("Öberg, Åsa \"Åsa\""));
        assert_eq!(attendee.value, "mailto:asa@are.se");
    }

    #[test]
    fn malformed_files_name_the_line() {
        let error = parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\nEND:VCALENDAR\r\n").unwrap_err();
        assert!(error.to_string().contains("rad 3"), "{error}");
        let truncated = parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n").unwrap_err();
        assert!(truncated.to_string().contains("avkortad"), "{truncated}");
        assert!(parse("BEGIN:A\r\nEND:B\r\n").is_err());
    }

    #[test]
    fn folded_lines_written_by_other_programs_are_unfolded() {
        let parsed =
            parse("BEGIN:VEVENT\nSUMMARY:Nätverks\n träff\r\nDESCRIPTION:rad\\n\n\tett\nEND:VEVENT\n").unwrap();
        assert_eq!(parsed[0].text("SUMMARY").unwrap(), "Nätverksträff");
        assert_eq!(parsed[0].text("DESCRIPTION").unwrap(), "rad\nett");
    }
}
