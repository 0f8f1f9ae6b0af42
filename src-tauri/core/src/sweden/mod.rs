//! Sweden as the app needs to know it: time zones and Swedish dates and clock times, public holidays
//! and klämdagar, the 290 municipalities in 21 regions, personal identity numbers (personnummer),
//! numbers written the Swedish way, and the validation rules every input shares (texts, e-mail, https links).
//!
//! Pure rules and reference data: nothing here depends on members, meetings or examples.

pub mod holidays;
pub mod municipalities;
pub mod numbers;
pub mod personnummer;
pub mod time;
pub mod validate;
