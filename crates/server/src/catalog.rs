//! The manufacturer's device catalog, imported from CSV (`device_id,model,manufactured_on`).
//! Only catalogued devices can be registered.
//!
//! An import is all or nothing: a file with any bad line changes nothing and every bad
//! line is reported, so a half-imported batch never needs untangling. Lines already in the
//! catalog are skipped, so importing the same file twice is harmless.

use std::io::Read;

use companion_domain::DeviceId;
use time::Date;

use crate::csv_import::{all_problems, field, read_lines};
use crate::db::Db;
use crate::store::{date_from_text, devices};

/// One valid catalog line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The device ID.
    pub device_id: DeviceId,
    /// Model name.
    pub model: String,
    /// Manufacture date.
    pub manufactured_on: Date,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// New devices added.
    pub added: u64,
    /// Lines already in the catalog.
    pub already_known: u64,
}

pub use crate::csv_import::ImportError;

/// The header of a catalog file.
pub const HEADER: [&str; 3] = ["device_id", "model", "manufactured_on"];

/// Parses a catalog CSV with a header line.
pub fn parse(input: impl Read) -> Result<Vec<CatalogEntry>, ImportError> {
    read_lines(input, &HEADER, |record| {
        let device_id = DeviceId::parse(field(record, 0))
            .map_err(|e| format!("device_id {:?}: {e}", field(record, 0)));
        let model = Some(field(record, 1).to_string())
            .filter(|m| !m.is_empty() && m.len() <= 80)
            .ok_or_else(|| "model is empty".to_string());
        let made = date_from_text(field(record, 2))
            .map_err(|_| format!("manufactured_on {:?} is not YYYY-MM-DD", field(record, 2)));
        match (device_id, model, made) {
            (Ok(device_id), Ok(model), Ok(manufactured_on)) => Ok(CatalogEntry {
                device_id,
                model,
                manufactured_on,
            }),
            (a, b, c) => Err(all_problems([a.err(), b.err(), c.err()])
                .err()
                .unwrap_or_default()),
        }
    })
}

/// Adds entries to the catalog in one transaction.
pub async fn import(db: &Db, entries: &[CatalogEntry]) -> Result<ImportReport, ImportError> {
    let mut tx = db.begin_write().await?;
    let mut added = 0;
    for entry in entries {
        let new = devices::add_to_catalog(
            &mut tx,
            &entry.device_id,
            &entry.model,
            entry.manufactured_on,
        )
        .await?;
        added += u64::from(new);
    }
    tx.commit().await?;
    Ok(ImportReport {
        added,
        already_known: entries.len() as u64 - added,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_file_parses_and_a_bad_one_reports_every_bad_line() {
        let good = DeviceId::with_check_character("ABCDEFGHJK0").expect("valid");
        let csv = format!(
            "device_id,model,manufactured_on\n{},ILUMA PRIME,2025-03-01\n",
            good.display_grouped()
        );
        let entries = parse(csv.as_bytes()).expect("valid file");
        assert_eq!(
            entries,
            vec![CatalogEntry {
                device_id: good,
                model: "ILUMA PRIME".into(),
                manufactured_on: time::macros::date!(2025 - 03 - 01)
            }]
        );

        let csv = format!("device_id,model,manufactured_on\n{},ILUMA,2025-03-01\nABCU,ILUMA,2025-01-01\n{},,01/02/2025\n", good.as_str(), good.as_str());
        match parse(csv.as_bytes()) {
            Err(ImportError::BadLines(lines)) => {
                assert_eq!(
                    lines.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
                    vec![3, 4]
                );
                assert!(
                    lines[1].1.contains("model") && lines[1].1.contains("manufactured_on"),
                    "{:?}",
                    lines[1]
                );
            }
            other => panic!("expected bad lines, got {other:?}"),
        }
    }
}
