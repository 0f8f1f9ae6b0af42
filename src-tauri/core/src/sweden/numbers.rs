//! Numbers as Swedes write them in messages: groups of three digits with a no-break space between.

/// `20000` as Swedes write it: "20 000" (a no-break space between groups of three).
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn digits_are_grouped_by_three_from_the_right() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5\u{a0}000");
        assert_eq!(thousands(20_000), "20\u{a0}000");
        assert_eq!(thousands(1_234_567), "1\u{a0}234\u{a0}567");
    }
}
