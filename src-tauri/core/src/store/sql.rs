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

/// Inserts a new record logged here into `table`: a new id, this installation as its origin, created
/// and updated now, and `columns` bound from `params` by name. Returns the new id.
pub fn insert_logged_here(
    tx: &rusqlite::Transaction,
    table: &'static str,
    columns: &'static str,
    mut params: Vec<NamedValue>,
) -> crate::error::Result<String> {
    let id = super::ids::new_id();
    let statement = format!(
        "INSERT INTO {table} (id, origin_installation_id, created_at, updated_at, {columns})
         VALUES (:id, :origin, :at, :at, {})",
        named_values(columns)
    );
    params.extend([
        (":id", text(&id)),
        (":origin", optional_text(super::installation::id(tx)?.as_deref())),
        (":at", text(&super::clock::now_timestamp())),
    ]);
    tx.execute(&statement, bind(&params).as_slice())?;
    Ok(id)
}

/// Replaces `columns` of the record `id` in `table` from `params`, and its `updated_at` with now.
/// Returns whether the record existed.
pub fn update_edited(
    tx: &rusqlite::Transaction,
    table: &'static str,
    columns: &'static str,
    id: &str,
    mut params: Vec<NamedValue>,
) -> crate::error::Result<bool> {
    let statement = format!("UPDATE {table} SET {}, updated_at = :at WHERE id = :id", named_assignments(columns));
    params.extend([(":id", text(id)), (":at", text(&super::clock::now_timestamp()))]);
    Ok(tx.execute(&statement, bind(&params).as_slice())? > 0)
}
