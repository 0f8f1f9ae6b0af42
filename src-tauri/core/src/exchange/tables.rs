//! The replicated tables, described as data: which columns travel, how records are keyed, which references they hold.
//!
//! The exchange is a replication layer over the schema in `migrations/0001_schema.sql`, so it works
//! the same whichever module edited a row. A record is one row as a JSON object (column → value),
//! plus embedded children that have no identity of their own (an example's municipalities, themes
//! and links; a meeting's hosts). Those children travel with their parent, so whoever changes them
//! must also bump the parent's `updated_at`.

use std::collections::BTreeMap;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension, Transaction};
use serde_json::Value;

use super::format::{bundle_error, Record};
use crate::error::Result;

/// What to do with an incoming record whose referenced row does not exist here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingReference {
    /// Store the record with the reference emptied (the column is nullable).
    SetNull,
    /// Do not store the record (the reference is required); it is reported as skipped.
    Skip,
}

/// One replicated table.
#[derive(Debug)]
pub struct EntitySpec {
    /// The entity's name in bundles and in `tombstones.entity`; also its table's name.
    pub name: &'static str,
    /// Swedish name for people ("exempel").
    pub label: &'static str,
    pub key_columns: &'static [&'static str],
    /// Every column that travels, keys and `updated_at` included.
    pub columns: &'static [&'static str],
    /// Columns a bundle may leave out (members' contact data); missing ones keep their local value.
    pub optional_columns: &'static [&'static str],
    /// (column, referenced table, referenced key column, what to do when missing).
    pub references: &'static [(&'static str, &'static str, &'static str, MissingReference)],
    /// Columns that must be unique among rows with other keys (a clash is reported, not merged).
    pub unique_columns: &'static [&'static str],
    /// Columns shown to people to name the record.
    pub label_columns: &'static [&'static str],
    /// Embedded children: (field name, kind).
    pub children: &'static [Children],
    /// The row always exists and is only ever updated (the network's settings).
    pub singleton: bool,
}

/// Children embedded in their parent's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Children {
    ExampleMunicipalities,
    ExampleThemes,
    ExampleLinks,
    MeetingHosts,
    MedskickThemes,
    MedskickExamples,
    ProposalLinks,
    ProposalMedskick,
    ProposalExamples,
}

/// Where a child list is stored: its table, the column naming the parent, the item's columns
/// (one id, or a link's position, url and label) and the table the id points into.
struct ChildTable {
    table: &'static str,
    parent: &'static str,
    items: &'static [&'static str],
    /// (table, key column) an id item points into; `None` for links.
    points_into: Option<(&'static str, &'static str)>,
}

const LINK_COLUMNS: &[&str] = &["position", "url", "label"];

impl Children {
    fn table(self) -> ChildTable {
        let list = |table, parent, item, target: (&'static str, &'static str)| ChildTable {
            table,
            parent,
            items: std::slice::from_ref(item),
            points_into: Some(target),
        };
        match self {
            Children::ExampleMunicipalities => {
                list("example_municipalities", "example_id", &"municipality_code", ("municipalities", "code"))
            }
            Children::ExampleThemes => list("example_themes", "example_id", &"theme_id", ("themes", "id")),
            Children::MeetingHosts => list("meeting_hosts", "meeting_id", &"member_id", ("members", "id")),
            Children::MedskickThemes => list("medskick_themes", "medskick_id", &"theme_id", ("themes", "id")),
            Children::MedskickExamples => list("medskick_examples", "medskick_id", &"example_id", ("examples", "id")),
            Children::ProposalMedskick => list("proposal_medskick", "proposal_id", &"medskick_id", ("medskick", "id")),
            Children::ProposalExamples => list("proposal_examples", "proposal_id", &"example_id", ("examples", "id")),
            Children::ExampleLinks => {
                ChildTable { table: "example_links", parent: "example_id", items: LINK_COLUMNS, points_into: None }
            }
            Children::ProposalLinks => {
                ChildTable { table: "proposal_links", parent: "proposal_id", items: LINK_COLUMNS, points_into: None }
            }
        }
    }

    /// Whether the items are links (`[position, url, label]`) rather than ids.
    pub fn is_links(self) -> bool {
        self.table().points_into.is_none()
    }

    /// Every child row as (parent key, item…), in the order of [`read_children`].
    fn all_sql(self) -> String {
        let ChildTable { table, parent, items, .. } = self.table();
        format!("SELECT {parent}, {} FROM {table} ORDER BY {parent}, {}", items.join(", "), items[0])
    }

    pub fn field(self) -> &'static str {
        match self {
            Children::ExampleMunicipalities => "municipalities",
            Children::ExampleThemes | Children::MedskickThemes => "themes",
            Children::ExampleLinks | Children::ProposalLinks => "links",
            Children::MeetingHosts => "hosts",
            Children::MedskickExamples | Children::ProposalExamples => "examples",
            Children::ProposalMedskick => "medskick",
        }
    }
}

const NETWORK: EntitySpec = EntitySpec {
    name: "network",
    label: "nätverkets inställningar",
    key_columns: &["id"],
    // The network's `name` never travels into another installation (see README): it is not here.
    columns: &[
        "id",
        "short_name",
        "organizer_name",
        "organizer_email",
        "default_start",
        "default_end",
        "teams_url",
        "time_zone",
        "reminder_minutes",
        "updated_at",
    ],
    optional_columns: &[],
    references: &[],
    unique_columns: &[],
    label_columns: &["organizer_name"],
    children: &[],
    singleton: true,
};

const THEMES: EntitySpec = EntitySpec {
    name: "themes",
    label: "tema",
    key_columns: &["id"],
    columns: &["id", "name", "description", "created_at", "updated_at"],
    optional_columns: &[],
    references: &[],
    unique_columns: &["name"],
    label_columns: &["name"],
    children: &[],
    singleton: false,
};

/// Members' personal contact data, left out of bundles exported "utan kontaktuppgifter". A member's
/// `notes` never travel at all: they are the host's own notes about a person.
pub const CONTACT_COLUMNS: &[&str] = &["email", "phone"];

const MEMBERS: EntitySpec = EntitySpec {
    name: "members",
    label: "medlem",
    key_columns: &["id"],
    columns: &[
        "id",
        "name",
        "title",
        "municipality_code",
        "email",
        "phone",
        "fss_member",
        "fss_verified_on",
        "network_role",
        "status",
        "joined_on",
        "anonymised_at",
        "created_at",
        "updated_at",
    ],
    optional_columns: CONTACT_COLUMNS,
    references: &[("municipality_code", "municipalities", "code", MissingReference::SetNull)],
    unique_columns: &["email"],
    label_columns: &["name"],
    children: &[],
    singleton: false,
};

const MEETINGS: EntitySpec = EntitySpec {
    name: "meetings",
    label: "träff",
    key_columns: &["id"],
    columns: &[
        "id",
        "ical_uid",
        "title",
        "local_date",
        "start_time",
        "end_time",
        "time_zone",
        "repeated_hour",
        "start_utc",
        "end_utc",
        "teams_url",
        "agenda",
        "focus",
        "notes",
        "notes_status",
        "status",
        "cancel_reason",
        "sequence",
        "created_at",
        "updated_at",
    ],
    optional_columns: &[],
    references: &[],
    unique_columns: &["ical_uid"],
    label_columns: &["title", "local_date"],
    children: &[Children::MeetingHosts],
    singleton: false,
};

const EXAMPLES: EntitySpec = EntitySpec {
    name: "examples",
    label: "exempel",
    key_columns: &["id"],
    columns: &[
        "id",
        "title",
        "summary",
        "body",
        "contact_member_id",
        "stage",
        "started_on",
        "evaluation",
        "sharing",
        "origin_installation_id",
        "created_at",
        "updated_at",
    ],
    // A file from before sharing levels has no `sharing`: the local level is kept, and a new
    // example gets the table's default (`network`), never `open`.
    optional_columns: &["sharing"],
    references: &[("contact_member_id", "members", "id", MissingReference::SetNull)],
    unique_columns: &[],
    label_columns: &["title"],
    children: &[Children::ExampleMunicipalities, Children::ExampleThemes, Children::ExampleLinks],
    singleton: false,
};

const PRESENTATIONS: EntitySpec = EntitySpec {
    name: "presentations",
    label: "presentation",
    key_columns: &["id"],
    columns: &["id", "meeting_id", "example_id", "member_id", "municipality_code", "note", "created_at", "updated_at"],
    optional_columns: &[],
    references: &[
        ("meeting_id", "meetings", "id", MissingReference::Skip),
        ("example_id", "examples", "id", MissingReference::Skip),
        ("member_id", "members", "id", MissingReference::SetNull),
        ("municipality_code", "municipalities", "code", MissingReference::SetNull),
    ],
    unique_columns: &[],
    label_columns: &["note"],
    children: &[],
    singleton: false,
};

const ATTENDANCE: EntitySpec = EntitySpec {
    name: "attendance",
    label: "närvaro",
    key_columns: &["meeting_id", "member_id"],
    columns: &["meeting_id", "member_id", "status", "updated_at"],
    optional_columns: &[],
    references: &[
        ("meeting_id", "meetings", "id", MissingReference::Skip),
        ("member_id", "members", "id", MissingReference::Skip),
    ],
    unique_columns: &[],
    label_columns: &["status"],
    children: &[],
    singleton: false,
};

const MEDSKICK: EntitySpec = EntitySpec {
    name: "medskick",
    label: "medskick",
    key_columns: &["id"],
    columns: &[
        "id",
        "title",
        "description",
        "raised_by_member_id",
        "municipality_code",
        "meeting_id",
        "addressee",
        "status",
        "delivered_on",
        "answered_on",
        "closed_on",
        "answer",
        "sharing",
        "origin_installation_id",
        "created_at",
        "updated_at",
    ],
    optional_columns: &[],
    references: &[
        ("raised_by_member_id", "members", "id", MissingReference::SetNull),
        ("municipality_code", "municipalities", "code", MissingReference::SetNull),
        ("meeting_id", "meetings", "id", MissingReference::SetNull),
    ],
    unique_columns: &[],
    label_columns: &["title"],
    children: &[Children::MedskickThemes, Children::MedskickExamples],
    singleton: false,
};

const PROPOSALS: EntitySpec = EntitySpec {
    name: "proposals",
    label: "förslag",
    key_columns: &["id"],
    columns: &[
        "id",
        "title",
        "reference",
        "responsible_body",
        "published_on",
        "remiss_deadline",
        "decision_on",
        "in_force_on",
        "summary",
        "assessment",
        "assessment_sharing",
        "status",
        "origin_installation_id",
        "created_at",
        "updated_at",
    ],
    optional_columns: &[],
    references: &[],
    unique_columns: &[],
    label_columns: &["title"],
    children: &[Children::ProposalLinks, Children::ProposalMedskick, Children::ProposalExamples],
    singleton: false,
};

/// Every replicated entity, in the order they are applied (referenced tables first).
pub const ENTITIES: [&EntitySpec; 9] =
    [&NETWORK, &THEMES, &MEMBERS, &MEETINGS, &EXAMPLES, &PRESENTATIONS, &ATTENDANCE, &MEDSKICK, &PROPOSALS];

/// The spec of `name`, if it is a replicated entity.
pub fn entity(name: &str) -> Option<&'static EntitySpec> {
    ENTITIES.iter().copied().find(|spec| spec.name == name)
}

impl EntitySpec {
    /// The record's key: its key columns' values joined by `/`.
    pub fn key_of(&self, record: &Record) -> Option<String> {
        let parts: Option<Vec<&str>> =
            self.key_columns.iter().map(|column| record.get(*column).and_then(Value::as_str)).collect();
        parts.map(|parts| parts.join("/"))
    }

    /// SQL condition that a row's key equals the key text `expression` (as [`EntitySpec::key_of`]
    /// writes it), comparing column by column so that the table's key index is used.
    pub fn key_matches_sql(&self, expression: &str) -> String {
        match self.key_columns {
            [column] => format!("{column} = {expression}"),
            [first, second] => format!(
                "{first} = substr({expression}, 1, instr({expression}, '/') - 1) \
                 AND {second} = substr({expression}, instr({expression}, '/') + 1)"
            ),
            columns => format!("{} = {expression}", columns.join(" || '/' || ")),
        }
    }

    fn key_where(&self) -> String {
        self.key_columns.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect::<Vec<_>>().join(" AND ")
    }

    fn key_values(&self, key: &str) -> Vec<String> {
        if self.key_columns.len() == 1 {
            vec![key.to_string()]
        } else {
            key.split('/').map(str::to_string).collect()
        }
    }

    /// A short text naming the record for people.
    pub fn label_of(&self, record: &Record) -> String {
        let parts: Vec<String> = self
            .label_columns
            .iter()
            .filter_map(|column| record.get(*column))
            .filter_map(|value| match value {
                Value::String(text) if !text.is_empty() => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            })
            .collect();
        if parts.is_empty() {
            self.key_of(record).unwrap_or_default()
        } else {
            parts.join(", ")
        }
    }

    /// Checks that an incoming record has every column it must have, with plain values, and no
    /// field this build does not know (a typed record: unknown fields are refused).
    pub fn check_record(&self, record: &Record) -> Result<()> {
        if let Some(unknown) = record
            .keys()
            .find(|field| !self.columns.contains(&field.as_str()) && !self.children.iter().any(|c| c.field() == *field))
        {
            return Err(bundle_error(format!(
                "har ett okänt fält ({unknown}) i en post av typen {}. Inget har importerats.",
                self.label
            )));
        }
        for column in self.columns {
            match record.get(*column) {
                None if self.optional_columns.contains(column) => {}
                None => {
                    return Err(bundle_error(format!(
                        "saknar fältet {column} i en post av typen {}. Inget har importerats.",
                        self.label
                    )))
                }
                Some(Value::Array(_) | Value::Object(_)) => {
                    return Err(bundle_error(format!(
                        "har ett felaktigt värde i fältet {column} ({}). Inget har importerats.",
                        self.label
                    )))
                }
                Some(_) => {}
            }
        }
        for key_column in self.key_columns {
            if !record.get(*key_column).is_some_and(Value::is_string) {
                return Err(bundle_error(format!("har en post utan id ({}). Inget har importerats.", self.label)));
            }
        }
        let updated_at = record.get("updated_at").and_then(Value::as_str).unwrap_or("");
        if updated_at.is_empty() {
            return Err(bundle_error(format!("har en post utan ändringstid ({}). Inget har importerats.", self.label)));
        }
        for child in self.children {
            if !record.get(child.field()).is_some_and(Value::is_array) {
                return Err(bundle_error(format!(
                    "saknar listan {} i en post av typen {}. Inget har importerats.",
                    child.field(),
                    self.label
                )));
            }
        }
        Ok(())
    }

    /// Every row of this table as records, sorted by key.
    pub fn read_all(&self, conn: &Connection) -> Result<Vec<Record>> {
        self.read_where(conn, "1", &[])
    }

    /// Hands every row matching the SQL `condition` (with `params`) to `each` as a record, in key
    /// order, one at a time: the children of all rows are read alongside in the same order, so the
    /// whole table is read in one pass per child list, and never held in memory. With `few`, the
    /// condition selects few rows: they are found through the condition's index and sorted, rather
    /// than by walking the whole table in key order.
    pub fn for_each_where(
        &self,
        conn: &Connection,
        selection: (&str, bool),
        params: &[&str],
        mut each: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        self.walk_rows(conn, selection, params, |row, cursors| {
            let mut record = Record::new();
            for (index, column) in self.columns.iter().enumerate() {
                record.insert((*column).to_string(), json_of(row.get_ref(index)?));
            }
            if let Some(key) = self.key_of(&record) {
                for cursor in cursors {
                    record.insert(cursor.child.field().to_string(), cursor.items_of(&key)?);
                }
            }
            each(record)
        })
    }

    /// The walk [`EntitySpec::for_each_where`] describes: each row of the selection in key order,
    /// with cursors over the child lists read alongside.
    fn walk_rows(
        &self,
        conn: &Connection,
        (condition, few): (&str, bool),
        params: &[&str],
        mut each: impl FnMut(&rusqlite::Row<'_>, &mut [ChildCursor<'_>]) -> Result<()>,
    ) -> Result<()> {
        let sort: Vec<String> = self
            .key_columns
            .iter()
            .map(|column| if few { format!("+{column}") } else { (*column).to_string() })
            .collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE {condition} ORDER BY {}",
            self.columns.join(", "),
            self.name,
            sort.join(", ")
        );
        let mut statement = conn.prepare(&sql)?;
        let mut child_statements = self
            .children
            .iter()
            .map(|child| Ok((*child, conn.prepare(&child.all_sql())?)))
            .collect::<Result<Vec<_>>>()?;
        let mut cursors = Vec::new();
        for (child, child_statement) in &mut child_statements {
            cursors.push(ChildCursor::new(*child, child_statement.query([])?));
        }
        let mut rows = statement.query(params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(row, &mut cursors)?;
        }
        Ok(())
    }

    /// Like [`EntitySpec::for_each_where`], but hands on each row's key and its canonical JSON (UTF-8
    /// bytes, exactly what [`super::format::canonical_json`] makes of the record), written straight from
    /// the row without building the record: the export's way through a whole network. Columns in
    /// `leave_out` are not written. Rows whose key is not text are passed over, as the export does.
    pub(crate) fn for_each_json_where(
        &self,
        conn: &Connection,
        selection: (&str, bool),
        params: &[&str],
        leave_out: &[&str],
        mut each: impl FnMut(&str, &[u8]) -> Result<()>,
    ) -> Result<()> {
        /// Where one field of the JSON object comes from.
        enum Source {
            Column(usize),
            Child(usize),
        }
        let mut fields: Vec<(&str, Source)> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, column)| !leave_out.contains(*column))
            .map(|(index, column)| (*column, Source::Column(index)))
            .chain(self.children.iter().enumerate().map(|(index, child)| (child.field(), Source::Child(index))))
            .collect();
        // The record's map orders its keys by their bytes; so does this.
        fields.sort_by(|a, b| a.0.cmp(b.0));
        let field_names: Vec<String> =
            fields.iter().map(|(name, _)| serde_json::to_string(name).map_err(unwritable)).collect::<Result<_>>()?;
        let key_indices: Vec<usize> =
            self.key_columns.iter().filter_map(|key| self.columns.iter().position(|column| column == key)).collect();
        let mut key = String::new();
        let mut json: Vec<u8> = Vec::with_capacity(4096);
        self.walk_rows(conn, selection, params, |row, cursors| {
            key.clear();
            for (position, index) in key_indices.iter().enumerate() {
                let ValueRef::Text(part) = row.get_ref(*index)? else { return Ok(()) };
                if position > 0 {
                    key.push('/');
                }
                key.push_str(&text_of_ref(part));
            }
            json.clear();
            json.push(b'{');
            for (position, ((_, source), name)) in fields.iter().zip(&field_names).enumerate() {
                if position > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(name.as_bytes());
                json.push(b':');
                let written = match source {
                    Source::Column(index) => match row.get_ref(*index)? {
                        ValueRef::Null => {
                            json.extend_from_slice(b"null");
                            Ok(())
                        }
                        ValueRef::Integer(number) => serde_json::to_writer(&mut json, &number),
                        ValueRef::Real(number) => serde_json::to_writer(&mut json, &Value::from(number)),
                        ValueRef::Text(text) | ValueRef::Blob(text) => {
                            serde_json::to_writer(&mut json, text_of_ref(text).as_ref())
                        }
                    },
                    Source::Child(index) => match cursors.get_mut(*index) {
                        Some(cursor) => {
                            cursor.write_items_of(&key, &mut json)?;
                            Ok(())
                        }
                        None => Ok(()),
                    },
                };
                written.map_err(unwritable)?;
            }
            json.push(b'}');
            // Written from `&str`s, numbers and JSON punctuation only: UTF-8 without checking it again.
            each(&key, &json)
        })
    }

    /// The row with `key`, if it exists.
    pub fn read_one(&self, conn: &Connection, key: &str) -> Result<Option<Record>> {
        Ok(self.read_by_key(conn, key)?.into_iter().next())
    }

    fn read_where(&self, conn: &Connection, condition: &str, params: &[String]) -> Result<Vec<Record>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {condition} ORDER BY {}",
            self.columns.join(", "),
            self.name,
            self.key_columns.join(", ")
        );
        self.read_sql(conn, &sql, params)
    }

    /// The row with `key` as `read_one` reads it, with its statement's text made once.
    fn read_by_key(&self, conn: &Connection, key: &str) -> Result<Vec<Record>> {
        let sql = sql_text((self.name, "read by key", 0), || {
            format!("SELECT {} FROM {} WHERE {}", self.columns.join(", "), self.name, self.key_where())
        });
        self.read_sql(conn, &sql, &self.key_values(key))
    }

    fn read_sql(&self, conn: &Connection, sql: &str, params: &[String]) -> Result<Vec<Record>> {
        let mut statement = conn.prepare_cached(sql)?;
        let mut rows = statement.query(params_from_iter(params))?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            let mut record = Record::new();
            for (index, column) in self.columns.iter().enumerate() {
                record.insert((*column).to_string(), json_of(row.get_ref(index)?));
            }
            records.push(record);
        }
        drop(rows);
        drop(statement);
        for record in &mut records {
            let Some(key) = self.key_of(record) else { continue };
            for child in self.children {
                record.insert(child.field().to_string(), read_children(conn, *child, &key)?);
            }
        }
        Ok(records)
    }

    /// Whether a row referenced by `column` = `value` exists in `table`. An anonymised member
    /// counts as gone: nothing may point to an erased person again through an import.
    fn reference_exists(conn: &Connection, table: &'static str, column: &'static str, value: &str) -> Result<bool> {
        let sql = sql_text((table, column, 0), || {
            let erased = if table == "members" { " AND anonymised_at IS NULL" } else { "" };
            format!("SELECT 1 FROM {table} WHERE {column} = ?1{erased}")
        });
        Ok(conn.prepare_cached(&sql)?.query_row([value], |_| Ok(())).optional()?.is_some())
    }

    /// The record as it would be stored here: references to rows that do not exist are emptied,
    /// embedded children that point nowhere are left out. `Err((column, record))` when a required
    /// reference is missing and the record cannot be stored at all.
    pub fn localised(
        &self,
        conn: &Connection,
        mut record: Record,
    ) -> Result<std::result::Result<Record, (String, Record)>> {
        for (column, table, target, missing) in self.references {
            let Some(Value::String(value)) = record.get(*column) else { continue };
            if !Self::reference_exists(conn, table, target, value)? {
                match missing {
                    MissingReference::SetNull => {
                        record.insert((*column).to_string(), Value::Null);
                    }
                    MissingReference::Skip => return Ok(Err(((*column).to_string(), record))),
                }
            }
        }
        for child in self.children {
            let Some(Value::Array(items)) = record.get_mut(child.field()) else { continue };
            let mut kept = Vec::with_capacity(items.len());
            for item in std::mem::take(items) {
                let keep = match (child.table().points_into, &item) {
                    (Some((table, column)), Value::String(id)) => Self::reference_exists(conn, table, column, id)?,
                    (None, Value::Array(parts)) => {
                        parts.len() == 3 && parts[0].is_i64() && parts[1].is_string() && parts[2].is_string()
                    }
                    _ => false,
                };
                if keep {
                    kept.push(item);
                }
            }
            *items = kept;
        }
        Ok(Ok(record))
    }

    /// The key of another row that already holds one of this record's unique values, with the column.
    pub fn unique_clash(&self, conn: &Connection, record: &Record) -> Result<Option<(String, String)>> {
        for column in self.unique_columns {
            let Some(Value::String(value)) = record.get(*column) else { continue };
            // Unique columns live on tables with a single key column (themes, members, meetings).
            let key_column = self.key_columns[0];
            let sql = format!("SELECT {key_column} FROM {} WHERE {column} = ?1 AND {key_column} <> ?2", self.name);
            let params = vec![value.clone(), self.key_of(record).unwrap_or_default()];
            let clash: Option<String> =
                conn.prepare_cached(&sql)?.query_row(params_from_iter(&params), |row| row.get(0)).optional()?;
            if let Some(other_key) = clash {
                return Ok(Some(((*column).to_string(), other_key)));
            }
        }
        Ok(None)
    }

    /// Inserts or updates the row (only the columns the record carries) and replaces its children.
    pub fn upsert(&self, tx: &Transaction, record: &Record) -> Result<()> {
        self.store(tx, record, false)
    }

    /// Inserts a row that does not exist here (so it has no children to replace) with its children.
    pub fn insert_new(&self, tx: &Transaction, record: &Record) -> Result<()> {
        self.store(tx, record, true)
    }

    fn store(&self, tx: &Transaction, record: &Record, known_new: bool) -> Result<()> {
        let present: Vec<bool> = self.columns.iter().map(|c| record.contains_key(*c)).collect();
        let values: Vec<SqlValue> = self
            .columns
            .iter()
            .zip(&present)
            .filter(|(_, here)| **here)
            .filter_map(|(c, _)| record.get(*c).map(sql_of))
            .collect();
        // Which columns the record carries, as bits: the statement's text is made once per shape
        // (every entity has at most 64 columns: a test holds them to it).
        let shape =
            present.iter().enumerate().fold(0u64, |bits, (i, here)| if *here { bits | (1 << (i % 64)) } else { bits });
        let sql = sql_text((self.name, "store", shape), || {
            let columns: Vec<&str> =
                self.columns.iter().zip(&present).filter(|(_, here)| **here).map(|(c, _)| *c).collect();
            if self.singleton {
                let assignments: Vec<String> = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !self.key_columns.contains(c))
                    .map(|(i, c)| format!("{c} = ?{}", i + 1))
                    .collect();
                let key_index = columns.iter().position(|c| *c == "id").unwrap_or(0) + 1;
                format!("UPDATE {} SET {} WHERE id = ?{key_index}", self.name, assignments.join(", "))
            } else {
                let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
                let assignments: Vec<String> = columns
                    .iter()
                    .filter(|c| !self.key_columns.contains(c))
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                format!(
                    "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                    self.name,
                    columns.join(", "),
                    placeholders.join(", "),
                    self.key_columns.join(", "),
                    assignments.join(", ")
                )
            }
        });
        tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        let key = self.key_of(record).unwrap_or_default();
        for child in self.children {
            if let Some(Value::Array(items)) = record.get(child.field()) {
                write_children(tx, *child, &key, items, known_new)?;
            }
        }
        Ok(())
    }

    /// Deletes the row (its children go by `ON DELETE CASCADE`).
    pub fn delete(&self, tx: &Transaction, key: &str) -> Result<()> {
        if self.singleton {
            return Ok(());
        }
        let sql = format!("DELETE FROM {} WHERE {}", self.name, self.key_where());
        tx.prepare_cached(&sql)?.execute(params_from_iter(self.key_values(key)))?;
        Ok(())
    }
}

/// The children of every parent, read in parent-key order alongside the parents.
struct ChildCursor<'s> {
    child: Children,
    rows: rusqlite::Rows<'s>,
    /// The last row read (its buffers reused from row to row).
    ahead: ChildRow,
    /// Whether `ahead` still waits to be handed to its parent.
    ahead_pending: bool,
}

/// One child row: its parent's key and its item (a link's position, url and label; or an id in `text`).
#[derive(Default)]
struct ChildRow {
    parent: String,
    position: i64,
    text: String,
    label: String,
}

impl ChildRow {
    /// The item as a value of a record.
    fn item(&self, links: bool) -> Value {
        if links {
            Value::Array(vec![
                Value::from(self.position),
                Value::from(self.text.as_str()),
                Value::from(self.label.as_str()),
            ])
        } else {
            Value::from(self.text.as_str())
        }
    }

    /// The item as canonical JSON, exactly as [`ChildRow::item`] would be written.
    fn write_json(&self, links: bool, out: &mut Vec<u8>) -> serde_json::Result<()> {
        if links {
            out.push(b'[');
            serde_json::to_writer(&mut *out, &self.position)?;
            out.push(b',');
            serde_json::to_writer(&mut *out, self.text.as_str())?;
            out.push(b',');
            serde_json::to_writer(&mut *out, self.label.as_str())?;
            out.push(b']');
            Ok(())
        } else {
            serde_json::to_writer(out, self.text.as_str())
        }
    }
}

impl<'s> ChildCursor<'s> {
    fn new(child: Children, rows: rusqlite::Rows<'s>) -> Self {
        ChildCursor { child, rows, ahead: ChildRow::default(), ahead_pending: false }
    }

    /// Moves to the next item of `parent` (children of parents before it, not asked for, are passed
    /// over) and leaves it in `ahead`; false when `parent` has no more.
    fn next_of(&mut self, parent: &str) -> Result<bool> {
        loop {
            if !self.ahead_pending {
                let Some(row) = self.rows.next()? else { return Ok(false) };
                let text = |index: usize| match row.get_ref(index)? {
                    ValueRef::Text(bytes) => simdutf8::compat::from_utf8(bytes).map_err(|error| {
                        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error))
                    }),
                    other => Err(rusqlite::Error::InvalidColumnType(
                        index,
                        row.as_ref().column_name(index).map(str::to_string).unwrap_or_default(),
                        other.data_type(),
                    )),
                };
                let ahead = &mut self.ahead;
                ahead.parent.clear();
                ahead.parent.push_str(text(0)?);
                ahead.text.clear();
                ahead.label.clear();
                if self.child.is_links() {
                    ahead.position = row.get(1)?;
                    ahead.text.push_str(text(2)?);
                    ahead.label.push_str(text(3)?);
                } else {
                    ahead.text.push_str(text(1)?);
                }
                self.ahead_pending = true;
            }
            match self.ahead.parent.as_str().cmp(parent) {
                std::cmp::Ordering::Less => self.ahead_pending = false,
                std::cmp::Ordering::Equal => {
                    self.ahead_pending = false;
                    return Ok(true);
                }
                std::cmp::Ordering::Greater => return Ok(false),
            }
        }
    }

    /// The items of `parent`, as a record's value.
    fn items_of(&mut self, parent: &str) -> Result<Value> {
        let mut items = Vec::new();
        while self.next_of(parent)? {
            items.push(self.ahead.item(self.child.is_links()));
        }
        Ok(Value::Array(items))
    }

    /// The items of `parent` written to `out` as canonical JSON (what [`ChildCursor::items_of`]
    /// would make of them), without building values.
    fn write_items_of(&mut self, parent: &str, out: &mut Vec<u8>) -> Result<()> {
        out.push(b'[');
        let mut first = true;
        while self.next_of(parent)? {
            if !first {
                out.push(b',');
            }
            first = false;
            self.ahead.write_json(self.child.is_links(), out).map_err(unwritable)?;
        }
        out.push(b']');
        Ok(())
    }
}

fn json_of(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(number) => Value::from(number),
        ValueRef::Real(number) => Value::from(number),
        ValueRef::Text(text) | ValueRef::Blob(text) => Value::String(text_of(text)),
    }
}

/// SQL texts by what they were made for (entity or table, statement or column, shape).
type SqlTexts = std::collections::HashMap<(&'static str, &'static str, u64), std::rc::Rc<str>>;

thread_local! {
    /// SQL texts made from the entity tables' static descriptions, by what they were made for: an
    /// import writes 100,000 records with a handful of statements, and need not format them anew.
    static SQL_TEXTS: std::cell::RefCell<SqlTexts> = std::cell::RefCell::new(SqlTexts::new());
}

/// The SQL text for `key`, made by `make` the first time.
fn sql_text(key: (&'static str, &'static str, u64), make: impl FnOnce() -> String) -> std::rc::Rc<str> {
    SQL_TEXTS.with(|texts| {
        if let Some(text) = texts.borrow().get(&key) {
            return text.clone();
        }
        let text: std::rc::Rc<str> = make().into();
        texts.borrow_mut().insert(key, text.clone());
        text
    })
}

/// A record that could not be written as JSON (only a bug could make one).
fn unwritable(error: impl std::fmt::Display) -> crate::error::Error {
    bundle_error(format!("kunde inte skrivas ({error})"))
}

/// Text from the database as a string: valid UTF-8 (every text the app writes) is taken as it is,
/// which is much quicker than the lossy conversion kept for the bytes that are not.
fn text_of(bytes: &[u8]) -> String {
    text_of_ref(bytes).into_owned()
}

fn text_of_ref(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn sql_of(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(flag) => SqlValue::Integer(i64::from(*flag)),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => SqlValue::Integer(integer),
            None => SqlValue::Real(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => SqlValue::Text(text.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn read_children(conn: &Connection, child: Children, key: &str) -> Result<Value> {
    let ChildTable { table, parent, items, .. } = child.table();
    let sql = format!("SELECT {} FROM {table} WHERE {parent} = ?1 ORDER BY {}", items.join(", "), items[0]);
    let mut statement = conn.prepare_cached(&sql)?;
    let items = if child.is_links() {
        statement
            .query_map([key], |row| {
                Ok(Value::Array(vec![
                    Value::from(row.get::<_, i64>(0)?),
                    Value::from(row.get::<_, String>(1)?),
                    Value::from(row.get::<_, String>(2)?),
                ]))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        statement.query_map([key], |row| Ok(Value::from(row.get::<_, String>(0)?)))?.collect::<rusqlite::Result<_>>()?
    };
    Ok(Value::Array(items))
}

/// Writes a parent's child list; `known_new`: the parent was just inserted, so it has none to remove.
fn write_children(tx: &Transaction, child: Children, key: &str, items: &[Value], known_new: bool) -> Result<()> {
    let ChildTable { table, parent, items: item_columns, .. } = child.table();
    let delete = sql_text((table, "delete children", 0), || format!("DELETE FROM {table} WHERE {parent} = ?1"));
    let insert = sql_text((table, "insert child", 0), || {
        let placeholders: Vec<String> = (2..=item_columns.len() + 1).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT OR REPLACE INTO {table} ({parent}, {}) VALUES (?1, {})",
            item_columns.join(", "),
            placeholders.join(", ")
        )
    });
    if !known_new {
        tx.prepare_cached(&delete)?.execute([key])?;
    }
    let mut statement = tx.prepare_cached(&insert)?;
    for item in items {
        match item {
            Value::Array(parts) if child.is_links() && parts.len() == 3 => {
                statement.execute((key, sql_of(&parts[0]), sql_of(&parts[1]), sql_of(&parts[2])))?;
            }
            Value::String(id) if !child.is_links() => {
                statement.execute((key, id))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Records of every entity, by entity name (used by tests and by export).
pub fn read_everything(conn: &Connection) -> Result<BTreeMap<String, Vec<Record>>> {
    let mut all = BTreeMap::new();
    for spec in ENTITIES {
        all.insert(spec.name.to_string(), spec.read_all(conn)?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoSize};
    use crate::store::Database;

    /// The store's statement texts are cached by which columns a record carries, one bit a column.
    #[test]
    fn every_entity_has_at_most_64_columns() {
        for spec in ENTITIES {
            assert!(spec.columns.len() <= 64, "{}", spec.name);
        }
    }

    /// The export writes each record's JSON straight from its row; what it writes must be, byte for
    /// byte, the canonical JSON of the record the import and the merge hash, or every peer would see
    /// every record as changed.
    #[test]
    fn json_written_from_rows_is_the_canonical_json_of_the_records() {
        let mut db = Database::open_in_memory().unwrap();
        let size = DemoSize { examples: 300, members: 40, meetings: 12, active_percent: 80, seed: 7 };
        demo::generate(&mut db, &size).unwrap();
        db.write(|tx| {
            let ids: Vec<String> = tx
                .prepare("SELECT id FROM examples ORDER BY id LIMIT 3")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for (position, id) in ids.iter().enumerate() {
                tx.execute(
                    "INSERT INTO example_links (example_id, position, url, label) VALUES (?1, ?2, ?3, ?4)",
                    (id, position as i64, "https://exempel.se/a?b=\"c\"&d=å", "Länk med \"citat\", \\ och \t tabb"),
                )?;
            }
            tx.execute("UPDATE members SET name = 'Åsa \"Citat\" Ödegård\u{1}' WHERE rowid = 1", [])?;
            Ok(())
        })
        .unwrap();
        let conn = db.conn();
        let mut compared = 0;
        for spec in ENTITIES {
            for leave_out in [&[][..], CONTACT_COLUMNS] {
                let mut from_records = Vec::new();
                spec.for_each_where(conn, ("1", false), &[], |mut record| {
                    for column in leave_out {
                        record.remove(*column);
                    }
                    if let Some(key) = spec.key_of(&record) {
                        from_records.push((key, super::super::format::canonical_json(&record)));
                    }
                    Ok(())
                })
                .unwrap();
                let mut from_rows = Vec::new();
                spec.for_each_json_where(conn, ("1", false), &[], leave_out, |key, json| {
                    from_rows.push((key.to_string(), String::from_utf8(json.to_vec()).unwrap()));
                    Ok(())
                })
                .unwrap();
                assert_eq!(from_rows, from_records, "{}", spec.name);
                compared += from_rows.len();
            }
        }
        assert!(compared > 600, "the demo data was compared ({compared} records)");
    }
}
