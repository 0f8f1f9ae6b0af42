//! Finds Swedish personal identity numbers (personnummer and samordningsnummer) in free text, checksum included.
//!
//! Examples are shared across municipalities and must never hold client data, so text is scanned
//! before it is saved. A number counts only when its date is a real date (day + 60 for a
//! coordination number) and its last digit passes the Luhn check, so ordinary numbers, amounts
//! and phone numbers rarely trigger a warning.

/// A personal identity number found in text, as it was written, and where (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Every valid personal identity number in `text`, in order.
///
/// Accepted forms: `YYMMDD-NNNN`, `YYMMDD+NNNN` (aged 100 or more), `YYMMDDNNNN`,
/// `YYYYMMDD-NNNN` and `YYYYMMDDNNNN`. A run of digits longer than the forms is not split up.
pub fn find_all(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() || (index > 0 && bytes[index - 1].is_ascii_digit()) {
            index += 1;
            continue;
        }
        let first_run_end = digit_run_end(bytes, index);
        let first_len = first_run_end - index;
        let mut candidate: Option<(usize, String)> = None;
        if matches!(first_len, 6 | 8)
            && matches!(bytes.get(first_run_end), Some(b'-' | b'+'))
            && digit_run_end(bytes, first_run_end + 1) - (first_run_end + 1) == 4
        {
            let end = first_run_end + 5;
            let digits = format!("{}{}", &text[index..first_run_end], &text[first_run_end + 1..end]);
            candidate = Some((end, digits));
        } else if matches!(first_len, 10 | 12) {
            candidate = Some((first_run_end, text[index..first_run_end].to_string()));
        }
        match candidate {
            Some((end, digits)) if is_valid_number(&digits) => {
                found.push(Found { text: text[index..end].to_string(), start: index, end });
                index = end;
            }
            _ => index = first_run_end,
        }
    }
    found
}

/// Whether `text` contains at least one valid personal identity number.
pub fn contains(text: &str) -> bool {
    !find_all(text).is_empty()
}

fn digit_run_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    end
}

/// Checks 10 or 12 digits (separator removed): a real date (or coordination date) and the Luhn digit.
fn is_valid_number(digits: &str) -> bool {
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let (century, ten) = match values.len() {
        10 => (None, &values[..]),
        12 => (Some(values[0] * 10 + values[1]), &values[2..]),
        _ => return false,
    };
    if century.is_some_and(|c| !(18..=20).contains(&c)) {
        return false;
    }
    let year_in_century = (ten[0] * 10 + ten[1]) as i32;
    let month = ten[2] * 10 + ten[3];
    let mut day = ten[4] * 10 + ten[5];
    if day > 60 {
        day -= 60; // samordningsnummer: the day of birth plus 60
    }
    let real_date = |full_year: i32| chrono::NaiveDate::from_ymd_opt(full_year, month, day).is_some();
    let date_ok = match century {
        Some(c) => real_date(c as i32 * 100 + year_in_century),
        // Without the century, 29 February is real in a leap year of either century.
        None => real_date(1900 + year_in_century) || real_date(2000 + year_in_century),
    };
    date_ok && luhn_ok(ten)
}

/// The Luhn check over the ten digits YYMMDDNNNC.
fn luhn_ok(ten: &[u32]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(position, &digit)| {
            let weighted = if position % 2 == 0 { digit * 2 } else { digit };
            weighted / 10 + weighted % 10
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_written_forms_are_found() {
        // 811218-9876 is the Swedish Tax Agency's own example number; 121212-1212 a well-known test number.
        for text in [
            "Klienten 811218-9876 fick stöd.",
            "pnr 8112189876",
            "19811218-9876",
            "198112189876",
            "121212-1212",
            "född 811218+9876, över hundra år",
            "(201212121212)",
        ] {
            assert_eq!(find_all(text).len(), 1, "{text} holds one personnummer");
        }
    }

    #[test]
    fn a_coordination_number_is_found() {
        // Day 18 + 60 = 78; checksum recomputed for the new digits.
        assert!(contains("samordningsnummer 811278-9873"), "day + 60 is a samordningsnummer");
    }

    #[test]
    fn a_wrong_check_digit_or_impossible_date_is_not_a_personnummer() {
        for text in [
            "811218-9875",   // wrong check digit
            "811318-9876",   // month 13
            "19811218-9875", // wrong check digit, long form
            "12345-6789",
            "Telefon 08-123 456 78",
            "Budget 2 500 000 kr, 2024-05-28",
            "1234567890123", // 13 digits: not split up
        ] {
            assert!(!contains(text), "{text} holds no valid personnummer");
        }
    }

    #[test]
    fn the_exact_text_and_position_are_reported() {
        let found = find_all("ab 811218-9876 och 121212-1212.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "811218-9876");
        assert_eq!(found[0].start, 3);
        assert_eq!(found[1].text, "121212-1212");
    }
}
