//! Checks of user input shared by several entities: required text, e-mail addresses and https links.

use crate::error::{Error, Result};

/// Trims `value` and requires it to be non-empty and at most `max_chars` long.
pub fn required_text(field: &'static str, label: &str, value: &str, max_chars: usize) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("{label} måste fyllas i.")));
    }
    optional_text(field, label, trimmed, max_chars)
}

/// Trims `value` and requires it to be at most `max_chars` long and free of control characters
/// other than line breaks and tabs.
pub fn optional_text(field: &'static str, label: &str, value: &str, max_chars: usize) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max_chars {
        return Err(Error::invalid(field, format!("{label} får vara högst {max_chars} tecken.")));
    }
    if trimmed.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Error::invalid(field, format!("{label} innehåller otillåtna kontrolltecken.")));
    }
    Ok(trimmed.to_string())
}

/// A trimmed e-mail address in the form `namn@kommun.se`, or an error naming the field.
pub fn email(field: &'static str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if is_plausible_email(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(Error::invalid(field, format!("”{trimmed}” är ingen giltig e-postadress. Skriv den som namn@kommun.se.")))
    }
}

/// Like [`email`], but an empty value means "not set".
pub fn optional_email(field: &'static str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        email(field, value)
    }
}

fn is_plausible_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
    text.len() <= 254 && local_ok && domain_ok
}

/// The longest link accepted (Teams join links run to several hundred characters).
pub const URL_MAX_CHARS: usize = 4_000;

/// An `https://` link with a host (a Teams join link, a web page), or an error naming the field.
pub fn https_url(field: &'static str, label: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > URL_MAX_CHARS {
        return Err(Error::invalid(field, format!("{label} får vara högst {URL_MAX_CHARS} tecken lång.")));
    }
    let refuse = || Error::invalid(field, format!("{label} måste vara en webbadress som börjar med https://."));
    let parsed = url::Url::parse(trimmed).map_err(|_| refuse())?;
    if parsed.scheme() != "https"
        || parsed.host_str().is_none_or(str::is_empty)
        || trimmed.chars().any(char::is_whitespace)
    {
        return Err(refuse());
    }
    Ok(parsed.to_string())
}

/// Like [`https_url`], but an empty value means "not set".
pub fn optional_https_url(field: &'static str, label: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        https_url(field, label, value)
    }
}

/// A column header as the file readers compare it: letters and digits only, in lower case, so that
/// "E-post", "e-post " and "EPOST" name one column (member lists, Teams attendance reports).
pub(crate) fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_of_municipal_staff_are_accepted() {
        for ok in ["asa.oberg@are.se", "Anna.Svensson@stockholm.se", "förnamn@åre.se", "a+b@sub.kommun.se"] {
            assert!(email("email", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_e_mail_addresses_are_refused() {
        for bad in [
            "",
            "anna",
            "anna@",
            "@kommun.se",
            "anna@kommun",
            "anna svensson@kommun.se",
            "anna@@kommun.se",
            "anna@kommun.s3",
            "anna.@kommun.se",
            "<a>@kommun.se",
        ] {
            assert!(email("email", bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn links_must_be_https_with_a_host() {
        assert!(https_url("teams_url", "Länken", "https://teams.microsoft.com/l/meetup-join/abc").is_ok());
        for bad in [
            "http://teams.microsoft.com/x",
            "teams.microsoft.com",
            "javascript:alert(1)",
            "https://",
            "ftp://x.se",
            "https://a b.se",
        ] {
            assert!(https_url("teams_url", "Länken", bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_link_longer_than_the_cap_is_refused_before_it_is_parsed() {
        let at_cap = format!("https://x.se/{}", "a".repeat(URL_MAX_CHARS - "https://x.se/".len()));
        assert!(https_url("links", "Länken", &at_cap).is_ok());
        let error = https_url("links", "Länken", &format!("{at_cap}a")).unwrap_err();
        assert_eq!(error.field(), Some("links"));
    }

    #[test]
    fn text_with_control_characters_is_refused_but_line_breaks_are_kept() {
        assert_eq!(optional_text("notes", "Anteckningar", " rad 1\nrad 2 ", 100).unwrap(), "rad 1\nrad 2");
        assert!(optional_text("notes", "Anteckningar", "a\u{0007}b", 100).is_err());
        assert!(required_text("title", "Titeln", "   ", 100).is_err());
        assert!(required_text("title", "Titeln", &"å".repeat(101), 100).is_err());
    }
}
