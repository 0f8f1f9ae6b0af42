//! A macro for enumerations stored as short English codes in SQLite and sent as the same codes in JSON.

/// Declares an enum whose variants map one-to-one to text codes, with a Swedish label for each.
///
/// The codes are what the database stores and JSON carries; the labels are what people read.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Swedish word shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a code (or the Swedish label), as typed on the command line or sent by the UI.
            pub fn parse(field: &'static str, text: &str) -> $crate::error::Result<Self> {
                let wanted = text.trim().to_lowercase();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == wanted || v.label() == wanted)
                    .ok_or_else(|| {
                        let choices: Vec<&str> = $name::ALL.iter().map(|v| v.label()).collect();
                        $crate::error::Error::invalid(
                            field,
                            format!("”{}” är inte ett giltigt värde för {}. Välj något av: {}.", text.trim(), $what, choices.join(", ")),
                        )
                    })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == text)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&text, &[$($code),+]))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == text)
                    .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("unknown {} code {text:?}", stringify!($name)).into()))
            }
        }
    };
}
