//! `docs/PRIVACY.md` is the record of processing: every column of every table must be in it,
//! under its table's heading (a row of a table of personal data, or a "Not personal" list), and
//! nothing may be listed that the schema no longer has. The schema is read from a migrated
//! database (SQLite, or PostgreSQL when `ID06_TEST_POSTGRES_URL` is set), so a migration that adds
//! a column fails here until the map says what the column is.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use diesel::sql_types::Text;
use persistence::test_db::TestDb;
use persistence::{Db, DbConn};

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Table → columns, as the migrated database has them (diesel's own table left out).
fn schema(db: &Db) -> BTreeMap<String, BTreeSet<String>> {
    let rows: Vec<Column> = db
        .read(|conn| {
            let rows = match conn {
                DbConn::Sqlite(c) => diesel::sql_query(
                    "SELECT m.name AS table_name, p.name AS column_name \
                     FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                )
                .load(c)?,
                DbConn::Pg(c) => diesel::sql_query(
                    "SELECT table_name::text AS table_name, column_name::text AS column_name \
                     FROM information_schema.columns WHERE table_schema = current_schema()",
                )
                .load(c)?,
            };
            Ok::<_, persistence::Error>(rows)
        })
        .unwrap_or_else(|e| panic!("read the schema: {e}"));
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in rows {
        if c.table_name != "__diesel_schema_migrations" {
            tables
                .entry(c.table_name)
                .or_default()
                .insert(c.column_name);
        }
    }
    tables
}

/// The backticked names in `text`.
fn names(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| {
            n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
        .map(str::to_owned)
        .collect()
}

/// Each `###` section of the map: the tables its heading names, and the columns it lists (the
/// first cell of each table row, and the names in a "Not personal" paragraph).
fn sections(map: &str) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let mut out: Vec<(Vec<String>, BTreeSet<String>)> = Vec::new();
    let mut in_not_personal = false;
    for line in map.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let tables = names(heading.split(" — ").next().unwrap_or(heading));
            out.push((tables, BTreeSet::new()));
            in_not_personal = false;
            continue;
        }
        if line.starts_with("## ") {
            in_not_personal = false;
            continue;
        }
        let Some((tables, columns)) = out.last_mut() else {
            continue;
        };
        if line.trim().is_empty() || line.starts_with('|') {
            in_not_personal = false;
        } else if line.starts_with("Not personal") {
            in_not_personal = true;
        }
        if in_not_personal {
            columns.extend(names(line).into_iter().filter(|n| !tables.contains(n)));
        } else if let Some(row) = line.strip_prefix("| `") {
            if let Some(column) = row.split('`').next() {
                columns.insert(column.to_owned());
            }
        }
    }
    out
}

#[test]
fn every_column_of_every_table_is_in_the_map_and_nothing_else() {
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let tables = schema(&db);
    assert!(tables.len() > 20, "the schema was not read: {tables:?}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/PRIVACY.md");
    let map = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sections = sections(&map);
    let mut problems = Vec::new();
    for (table, columns) in &tables {
        let Some((_, listed)) = sections.iter().find(|(t, _)| t.contains(table)) else {
            problems.push(format!("table `{table}` has no section"));
            continue;
        };
        for column in columns.difference(listed) {
            problems.push(format!("`{table}.{column}` is not in the map"));
        }
    }
    for (names, listed) in &sections {
        for name in names {
            if !tables.contains_key(name) {
                problems.push(format!(
                    "the map names table `{name}`, which the schema has not"
                ));
            }
        }
        for column in listed {
            if !names
                .iter()
                .any(|t| tables.get(t).is_some_and(|c| c.contains(column)))
            {
                problems.push(format!(
                    "the map lists `{column}` under {names:?}, which have no such column"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/PRIVACY.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_reader_of_the_map_finds_rows_and_lists() {
    let map = "### `a`, `b` — two\n| column | x |\n|---|---|\n| `p` | yes |\n\nNot personal: `q`,\n`r` (in `a`).\n\n### `c`\nNot personal: `s`.\n";
    let got = sections(map);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, ["a", "b"]);
    assert_eq!(
        got[0].1,
        BTreeSet::from(["p".to_owned(), "q".to_owned(), "r".to_owned()])
    );
    assert_eq!(got[1].1, BTreeSet::from(["s".to_owned()]));
}
