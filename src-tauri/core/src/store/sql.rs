//! One column list per entity: insert and update statements are built from the same list and bind
//! their values by name (`:column`), as Firefox's storage layer does.

use rusqlite::types::Value;
use rusqlite::ToSql;

/// A value bound to a named parameter such as `:title`.
pub type NamedValue = (&'static str, Value);

/// `:a, :b` for the columns `a, b` (the VALUES of an INSERT).
pub fn named_values(columns: &str) -> String {
    columns.split(',').map(|column| format!(":{}", column.trim())).collect::<Vec<_>>().join(", ")
}

/// `a = :a, b = :b` for the columns `a, b` (the SET of an UPDATE).
pub fn named_assignments(columns: &str) -> String {
    columns.split(',').map(|column| format!("{0} = :{0}", column.trim())).collect::<Vec<_>>().join(", ")
}

/// Text to bind.
pub fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

/// An optional text to bind (NULL when absent).
pub fn optional_text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, text)
}

/// The named values in the form `execute` takes.
pub fn bind(params: &[NamedValue]) -> Vec<(&str, &dyn ToSql)> {
    params.iter().map(|(name, value)| (*name, value as &dyn ToSql)).collect()
}
