//! RFC 5545 content lines, both ways: escaping, folding at 75 octets and RFC 6868 parameter values out; unfolding, parsing and unescaping in.
//!
//! Strict when writing: the generated text must be accepted byte for byte by Outlook, Google, Apple
//! Calendar and Thunderbird. Tolerant when reading, like the best readers: a line that cannot be read
//! is skipped with a warning naming it, and limits on nesting and parameter length keep reading a
//! hostile file linear in its size.

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

/// Deepest nesting of components that is read. Real files nest four deep (VCALENDAR, VTIMEZONE,
/// STANDARD; VEVENT, VALARM); anything deeper is skipped, which also keeps every walk over the tree shallow.
pub const MAX_DEPTH: usize = 16;

/// Longest parameter value read, in bytes. A TZID, CN or ALTREP is far shorter; a longer one makes
/// its line skipped, so no later step (zone names, say) ever works on megabytes of one value.
pub const MAX_PARAM_VALUE_BYTES: usize = 1024;

/// How many warnings are kept word for word; the rest are counted.
const MAX_WARNINGS: usize = 20;

/// What was skipped while reading a file, in Swedish, for the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    kept: Vec<String>,
    more: usize,
}

impl Warnings {
    /// Adds one warning (beyond the first twenty only counts it).
    pub fn push(&mut self, warning: impl Into<String>) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(warning.into());
        } else {
            self.more = self.more.saturating_add(1);
        }
    }

    /// The warnings as lines, with a last line counting those not kept.
    pub fn into_lines(self) -> Vec<String> {
        let mut lines = self.kept;
        if self.more > 0 {
            lines.push(format!("… och {} varningar till av samma slag.", self.more));
        }
        lines
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
    /// 1-based number of the line with its `BEGIN`.
    pub line_number: usize,
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

/// A whole file: its top-level components and what was skipped on the way.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub components: Vec<Component>,
    pub warnings: Warnings,
}

/// Parses a whole calendar file, tolerantly: a line that cannot be read, an `END` that matches no
/// `BEGIN`, a property outside every component and components nested deeper than [`MAX_DEPTH`] are
/// skipped with a warning. Only a file that ends inside a component (cut off) is refused. Runs in
/// time linear in the file and without recursion.
pub fn parse(text: &str) -> Result<Parsed> {
    let mut stack: Vec<Component> = Vec::new();
    let mut parsed = Parsed::default();
    // BEGINs still open inside a component skipped for being too deep.
    let mut skipping: usize = 0;
    for (line_number, logical) in unfold(text) {
        let line = match parse_line(line_number, &logical) {
            Ok(line) => line,
            Err(reason) => {
                parsed.warnings.push(format!("Rad {line_number} hoppades över: {reason}."));
                continue;
            }
        };
        if skipping > 0 {
            match line.name.as_str() {
                "BEGIN" => skipping = skipping.saturating_add(1),
                "END" => skipping -= 1,
                _ => {}
            }
            continue;
        }
        let component_name = || line.value.trim().to_ascii_uppercase();
        match line.name.as_str() {
            "BEGIN" if stack.len() >= MAX_DEPTH => {
                skipping = 1;
                parsed.warnings.push(format!(
                    "Rad {line_number}: BEGIN:{} ligger djupare än {MAX_DEPTH} nivåer och hoppades över med allt i den.",
                    shortened(&component_name())
                ));
            }
            "BEGIN" => stack.push(Component { name: component_name(), line_number, ..Component::default() }),
            "END" => {
                let name = component_name();
                let Some(index) = stack.iter().rposition(|open| open.name == name) else {
                    parsed
                        .warnings
                        .push(format!("Rad {line_number}: END:{} utan BEGIN hoppades över.", shortened(&name)));
                    continue;
                };
                if let Some(inner) = stack.get(index + 1) {
                    parsed.warnings.push(format!(
                        "Rad {line_number}: END:{} kom innan BEGIN:{} (rad {}) avslutades; den avslutas här.",
                        shortened(&name),
                        shortened(&inner.name),
                        inner.line_number
                    ));
                }
                while stack.len() > index {
                    let Some(component) = stack.pop() else { break };
                    match stack.last_mut() {
                        Some(parent) => parent.components.push(component),
                        None => parsed.components.push(component),
                    }
                }
            }
            _ => match stack.last_mut() {
                Some(component) => component.properties.push(line),
                None => parsed.warnings.push(format!(
                    "Rad {line_number}: egenskapen {} står utanför BEGIN och hoppades över.",
                    shortened(&line.name)
                )),
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::invalid(
            "file",
            format!(
                "Kalenderfilen tar slut mitt i {} (END saknas). Filen kan vara avkortad. Inget har importerats.",
                shortened(&open.name)
            ),
        ));
    }
    Ok(parsed)
}

/// A name as shown in a message: at most 40 characters.
pub(crate) fn shortened(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_string(),
    }
}

/// Joins folded lines; yields (line number, logical line), skipping empty lines.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        let mut characters = physical.chars();
        match (characters.next(), lines.last_mut()) {
            (Some(' ' | '\t'), Some((_, logical))) => logical.push_str(characters.as_str()),
            _ if physical.trim().is_empty() => {}
            _ => lines.push((index.saturating_add(1), physical.to_string())),
        }
    }
    lines
}

/// One logical line, or why it cannot be read.
fn parse_line(line_number: usize, line: &str) -> std::result::Result<ContentLine, String> {
    let name_end = line.find([';', ':']).ok_or("kolon saknas")?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    // Apple writes vCard-style groups (`item1.X-ABLABEL`); the group is dropped.
    let name = match name.rsplit_once('.') {
        Some((_, bare)) => bare.to_string(),
        None => name,
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("ogiltigt egenskapsnamn".into());
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after_semicolon) = rest.strip_prefix(';') {
        let equals = after_semicolon.find(['=', ':', ';']).ok_or("parameter utan värde")?;
        let param_name = after_semicolon[..equals].trim().to_ascii_uppercase();
        if !after_semicolon[equals..].starts_with('=') {
            // A parameter without a value (`;RSVP:`) is dropped, as other readers do.
            rest = &after_semicolon[equals..];
            continue;
        }
        let mut value_text = &after_semicolon[equals + 1..];
        let raw_value = if let Some(quoted) = value_text.strip_prefix('"') {
            let close = quoted.find('"').ok_or("citattecken avslutas inte")?;
            value_text = &quoted[close + 1..];
            &quoted[..close]
        } else {
            let end = value_text.find([';', ':', ',']).unwrap_or(value_text.len());
            let plain = &value_text[..end];
            value_text = &value_text[end..];
            plain
        };
        if raw_value.len() > MAX_PARAM_VALUE_BYTES {
            return Err(format!("parametern {} är längre än {MAX_PARAM_VALUE_BYTES} tecken", shortened(&param_name)));
        }
        // Further values of a multi-valued parameter are skipped; the first is what we use.
        while let Some(more) = value_text.strip_prefix(',') {
            let end = if let Some(quoted) = more.strip_prefix('"') {
                quoted.find('"').map(|i| i + 2).ok_or("citattecken avslutas inte")?
            } else {
                more.find([';', ':', ',']).unwrap_or(more.len())
            };
            value_text = &more[end..];
        }
        params.push((param_name, decode_param_value(raw_value)));
        rest = value_text;
    }
    let value = rest.strip_prefix(':').ok_or("kolon saknas efter parametrarna")?;
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
        let parsed = parse(&components_text).unwrap().components;
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
        let parsed = parse(&format!("BEGIN:X\r\n{file}END:X\r\n")).unwrap().components;
        let attendee = parsed[0].property("ATTENDEE").unwrap();
        assert_eq!(attendee.param("CN"), Some("Öberg, Åsa \"Åsa\""));
        assert_eq!(attendee.value, "mailto:asa@are.se");
    }

    #[test]
    fn bad_lines_are_skipped_with_a_warning_naming_the_line_and_only_a_cut_off_file_is_refused() {
        let parsed = parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\nEND:VCALENDAR\r\n").unwrap();
        assert_eq!(parsed.components[0].properties.len(), 1);
        let warnings = parsed.warnings.into_lines();
        assert!(warnings[0].contains("Rad 3"), "{warnings:?}");
        let truncated = parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n").unwrap_err();
        assert!(truncated.to_string().contains("avkortad"), "{truncated}");
        let stray_end = parse("BEGIN:A\r\nEND:B\r\nEND:A\r\n").unwrap();
        assert_eq!(stray_end.components.len(), 1);
        assert!(stray_end.warnings.into_lines()[0].contains("END:B"));
    }

    #[test]
    fn an_end_for_an_outer_component_closes_the_inner_ones() {
        let parsed = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nBEGIN:VALARM\nEND:VEVENT\nEND:VCALENDAR\n").unwrap();
        let event = &parsed.components[0].components[0];
        assert_eq!((event.name.as_str(), event.components[0].name.as_str()), ("VEVENT", "VALARM"));
        assert!(parsed.warnings.into_lines()[0].contains("VALARM"));
    }

    #[test]
    fn nesting_deeper_than_the_cap_is_skipped_not_recursed() {
        let depth = 100_000;
        let text = format!("{}{}", "BEGIN:X\n".repeat(depth), "END:X\n".repeat(depth));
        let parsed = parse(&text).unwrap();
        let mut levels = 0;
        let mut component = parsed.components.first();
        while let Some(current) = component {
            levels += 1;
            component = current.components.first();
        }
        assert_eq!(levels, MAX_DEPTH);
        assert_eq!(parsed.warnings.into_lines().len(), 1);
    }

    #[test]
    fn long_parameter_values_skip_their_line_and_warnings_are_capped() {
        let text = format!("BEGIN:VEVENT\nDTSTART;TZID={}:20240101T100000\nEND:VEVENT\n", "/".repeat(5_000));
        let parsed = parse(&text).unwrap();
        assert!(parsed.components[0].properties.is_empty());
        let noise = format!("BEGIN:X\n{}END:X\n", "brus\n".repeat(50));
        let lines = parse(&noise).unwrap().warnings.into_lines();
        assert_eq!(lines.len(), MAX_WARNINGS + 1);
        assert!(lines[MAX_WARNINGS].contains("30 varningar till"), "{lines:?}");
    }

    #[test]
    fn folded_lines_written_by_other_programs_are_unfolded() {
        let parsed = parse("BEGIN:VEVENT\nSUMMARY:Nätverks\n träff\r\nDESCRIPTION:rad\\n\n\tett\nEND:VEVENT\n")
            .unwrap()
            .components;
        assert_eq!(parsed[0].text("SUMMARY").unwrap(), "Nätverksträff");
        assert_eq!(parsed[0].text("DESCRIPTION").unwrap(), "rad\nett");
    }
}
