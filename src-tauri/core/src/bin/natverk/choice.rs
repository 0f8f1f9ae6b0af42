//! Reading one word from a fixed set (a clap `ValueEnum`) as leniently as the core's own `parse` does.

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use clap::ValueEnum;

/// A value parser for `E` that ignores surrounding spaces and letter case, also of å, ä and ö
/// (clap's own `ignore_case` folds ASCII only), so `--scope " Hela nätverket"` means what the
/// core's `Scope::parse` made of it. Help and error messages list `E`'s values as usual.
#[derive(Clone)]
pub struct Lenient<E>(PhantomData<E>);

impl<E> Lenient<E> {
    pub fn new() -> Self {
        Lenient(PhantomData)
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Lenient<E> {
    type Value = E;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<E, clap::Error> {
        let strict = EnumValueParser::<E>::new();
        match value.to_str().map(|text| text.trim().to_lowercase()) {
            // On failure, parse the value as typed again so the error message quotes it unchanged.
            Some(folded) => {
                strict.parse_ref(cmd, arg, OsStr::new(&folded)).or_else(|_| strict.parse_ref(cmd, arg, value))
            }
            None => strict.parse_ref(cmd, arg, value),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(E::value_variants().iter().filter_map(ValueEnum::to_possible_value)))
    }
}
