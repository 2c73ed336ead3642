//! Rules of the code base that a plain scan of the files can check, after rust-analyzer's
//! `xtask/src/tidy.rs`: ARCHITECTURE.md states them as absences ("no SQL outside the
//! store", "the app never speaks HTTP or SQL", "the domain does no IO"), and each test here
//! walks the tree with `std` alone and names every file and line that breaks one.

use std::fs;
use std::path::{Path, PathBuf};

/// The one file outside `store/` allowed a `sqlx::query`: `testing.rs` creates a fresh
/// PostgreSQL database for each test (`CREATE DATABASE`), which is no record's SQL and
/// never runs in production.
const SQL_OUTSIDE_THE_STORE_ALLOWED_IN: &[&str] = &["src/testing.rs"];

#[test]
fn sql_is_written_only_in_the_server_store() {
    let server = server_dir();
    let mut breaks = Vec::new();
    let mut exceptions_used = Vec::new();
    let mut queries_in_store = 0;
    for file in files_under(&server.join("src"), Some("rs")) {
        let relative = relative_to(&file, &server);
        let found = lines_matching(&file, names_a_sqlx_query);
        if relative.starts_with("src/store/") {
            queries_in_store += found.len();
        } else if SQL_OUTSIDE_THE_STORE_ALLOWED_IN.contains(&relative.as_str()) {
            if !found.is_empty() {
                exceptions_used.push(relative);
            }
        } else {
            let shown = format!("crates/server/{relative}");
            breaks.extend(found.into_iter().map(|hit| hit.report(&shown)));
        }
    }
    assert!(
        queries_in_store > 0,
        "no sqlx::query found under {}/src/store: is the scan looking in the right place?",
        server.display()
    );
    fail_if_any(
        "SQL belongs in crates/server/src/store/ (one named function per statement family), \
         not in handlers or other modules. Move these queries into the store module of their record:",
        &breaks,
    );
    let stale: Vec<String> = SQL_OUTSIDE_THE_STORE_ALLOWED_IN
        .iter()
        .filter(|allowed| !exceptions_used.iter().any(|used| used == *allowed))
        .map(|allowed| format!("  {allowed}"))
        .collect();
    fail_if_any(
        "These files no longer hold a sqlx::query: remove them from SQL_OUTSIDE_THE_STORE_ALLOWED_IN \
         in tests/tidy.rs:",
        &stale,
    );
}

#[test]
fn the_app_never_speaks_http_or_sql_itself() {
    let root = workspace_dir();
    let mut breaks = Vec::new();
    for file in files_under(&root.join("src"), None) {
        let relative = relative_to(&file, &root);
        breaks.extend(
            lines_matching(&file, |line| {
                line.contains("reqwest") || line.contains("rusqlite")
            })
            .into_iter()
            .map(|hit| hit.report(&relative)),
        );
    }
    fail_if_any(
        "The app (src/) reaches the network and the database only through companion-client; \
         these lines mention reqwest or rusqlite:",
        &breaks,
    );
}

#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    const FORBIDDEN: &[&str] = &[
        "std::fs",
        "std::net",
        "SystemTime::now",
        "OffsetDateTime::now",
        "Utc::now",
    ];
    let root = workspace_dir();
    let mut breaks = Vec::new();
    for file in files_under(&root.join("crates/domain/src"), Some("rs")) {
        let relative = relative_to(&file, &root);
        breaks.extend(
            lines_matching(&file, |line| FORBIDDEN.iter().any(|f| line.contains(f)))
                .into_iter()
                .map(|hit| hit.report(&relative)),
        );
    }
    fail_if_any(
        "companion-domain does no IO (no files, no network) and reads no clock (functions take \
         \"today\" or \"now\" as an argument); these lines break that:",
        &breaks,
    );
}

#[test]
fn the_change_feed_is_written_only_next_to_the_rows_it_reports() {
    // A change to a customer's row and its feed entry are written by the same store
    // function, so no handler can change a row and forget the phone (or announce twice).
    let root = workspace_dir();
    let server = root.join("crates/server/src");
    let mut breaks = Vec::new();
    for file in files_under(&server, Some("rs")) {
        let relative = relative_to(&file, &root);
        if relative.contains("/src/store/") {
            continue;
        }
        breaks.extend(
            lines_matching(&file, |line| {
                line.contains("changes::upserted") || line.contains("changes::deleted")
            })
            .into_iter()
            .map(|hit| hit.report(&relative)),
        );
    }
    fail_if_any(
        "The change feed is written by the store function that writes the row \
         (crates/server/src/store/*: e.g. accounts::publish, devices::publish, \
         guarantee::insert); these lines write it from elsewhere:",
        &breaks,
    );
}

#[test]
fn item_states_are_written_only_by_their_module() {
    // The stored forms of `ItemState`, quoted as SQL or Rust would quote them.
    const STATES: &[&str] = &["synced", "pending", "pending_register", "pending_release"];
    let root = workspace_dir();
    let client = root.join("crates/client/src");
    let mut breaks = Vec::new();
    for file in files_under(&client, Some("rs")) {
        let relative = relative_to(&file, &root);
        if relative.ends_with("store/item_state.rs") {
            continue;
        }
        breaks.extend(
            lines_matching(&file, |line| {
                STATES.iter().any(|state| {
                    line.contains(&format!("'{state}'")) || line.contains(&format!("\"{state}\""))
                })
            })
            .into_iter()
            .map(|hit| hit.report(&relative)),
        );
    }
    fail_if_any(
        "A cached row's sync state is written and read only through companion_client's \
         ItemState (crates/client/src/store/item_state.rs): bind ItemState values instead of \
         these literals:",
        &breaks,
    );
}

#[test]
fn screens_never_tell_the_store_or_sync_by_hand_that_something_changed() {
    // The store announces its commits; sync and the screens follow them.
    const BY_HAND: &[&str] = &["services.changed()", "state.refresh()", "data_version +="];
    let root = workspace_dir();
    let mut breaks = Vec::new();
    for file in files_under(&root.join("src"), Some("rs")) {
        let relative = relative_to(&file, &root);
        if relative == "src/state.rs" {
            continue; // where data_version follows the store
        }
        breaks.extend(
            lines_matching(&file, |line| BY_HAND.iter().any(|b| line.contains(b)))
                .into_iter()
                .map(|hit| hit.report(&relative)),
        );
    }
    fail_if_any(
        "Screens make changes through LocalStore::queue and read through use_data: the store \
         announces every commit (LocalStore::commits) and sync and the screens follow it. \
         These lines nudge them by hand:",
        &breaks,
    );
}

#[test]
fn settings_and_stores_point_one_way() {
    // (file or folder, what it must not import): settings are parsed where they are
    // defined and the state is built from them; the store answers the auth layer, never
    // the reverse for sessions.
    const ONE_WAY: &[(&str, &[&str])] = &[
        (
            "src/config.rs",
            &["crate::client_addr", "crate::state", "crate::mail"],
        ),
        (
            "src/store/",
            &[
                "crate::auth::sessions",
                "crate::auth::Caller",
                "crate::auth::extract",
            ],
        ),
    ];
    let server = server_dir();
    let mut breaks = Vec::new();
    for file in files_under(&server.join("src"), Some("rs")) {
        let relative = relative_to(&file, &server);
        for (place, forbidden) in ONE_WAY {
            if relative.starts_with(place) {
                breaks.extend(
                    lines_matching(&file, |line| {
                        !line.trim_start().starts_with("//")
                            && forbidden.iter().any(|f| line.contains(f))
                    })
                    .into_iter()
                    .map(|hit| hit.report(&format!("crates/server/{relative}"))),
                );
            }
        }
    }
    fail_if_any(
        "These imports close a circle (config → client_addr → state → config, or auth::sessions \
         ↔ store::sessions): move what is shared to the lower module.",
        &breaks,
    );
}

/// This crate's folder, `crates/server`.
fn server_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's root folder.
fn workspace_dir() -> PathBuf {
    server_dir().join("../..")
}

/// Whether a line names one of sqlx's query builders (`query`, `query_as`,
/// `query_scalar`, with or without a turbofish), directly or through a `use`.
fn names_a_sqlx_query(line: &str) -> bool {
    line.contains("sqlx::query")
        || (line.trim_start().starts_with("use sqlx") && line.contains("query"))
}

/// Every file under `dir` (with this extension, if given), in a stable order, so that a
/// failure lists its lines the same way each time.
fn files_under(dir: &Path, extension: Option<&str>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if extension.is_none_or(|ext| path.extension().is_some_and(|e| e == ext)) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `file` relative to `base`, with forward slashes on every platform.
fn relative_to(file: &Path, base: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A line that matched a rule.
struct Hit {
    number: usize,
    text: String,
}

impl Hit {
    /// `  path:line: text`, the form editors and terminals turn into a link.
    fn report(&self, relative: &str) -> String {
        format!("  {relative}:{}: {}", self.number, self.text.trim())
    }
}

/// The lines of `file` for which `matches` holds. Files that are not UTF-8 text (images,
/// fonts) cannot mention a name and are skipped.
fn lines_matching(file: &Path, matches: impl Fn(&str) -> bool) -> Vec<Hit> {
    let bytes = fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let Ok(text) = String::from_utf8(bytes) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| matches(line))
        .map(|(index, line)| Hit {
            number: index + 1,
            text: line.to_string(),
        })
        .collect()
}

/// Fails with `rule` and the offending lines, if there are any.
fn fail_if_any(rule: &str, offences: &[String]) {
    if !offences.is_empty() {
        panic!("{rule}\n{}\n", offences.join("\n"));
    }
}
