//! Reading an operator's CSV file: the exact header first, then every line parsed on its
//! own, every bad line reported with its number. The callers import all or nothing.

use std::io::Read;

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has bad lines: (line number, reason) for each.
    #[error("{} bad line(s); nothing imported:\n{}", .0.len(), .0.iter().map(|(l, r)| format!("  line {l}: {r}")).collect::<Vec<_>>().join("\n"))]
    BadLines(Vec<(u64, String)>),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Parses `input` whose first line must be `header`, each following line by `parse_line`
/// (which says what is wrong in words). Returns every line, or every bad line.
pub fn read_lines<T>(
    input: impl Read,
    header: &[&str],
    parse_line: impl Fn(&csv::StringRecord) -> Result<T, String>,
) -> Result<Vec<T>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    match reader.headers() {
        Ok(found) if found.iter().eq(header.iter().copied()) => {}
        Ok(found) => bad.push((
            1,
            format!(
                "the header must be {}, found {}",
                header.join(","),
                found.iter().collect::<Vec<_>>().join(",")
            ),
        )),
        Err(e) => bad.push((1, e.to_string())),
    }
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        match record
            .map_err(|e| e.to_string())
            .and_then(|r| parse_line(&r))
        {
            Ok(parsed) => lines.push(parsed),
            Err(reason) => bad.push((line, reason)),
        }
    }
    if bad.is_empty() {
        Ok(lines)
    } else {
        Err(ImportError::BadLines(bad))
    }
}

/// Field `index` of `record`, or `""`.
pub fn field(record: &csv::StringRecord, index: usize) -> &str {
    record.get(index).unwrap_or_default()
}

/// Joins the reasons a line is bad; `Ok` when there are none.
pub fn all_problems(problems: impl IntoIterator<Item = Option<String>>) -> Result<(), String> {
    let found: Vec<String> = problems.into_iter().flatten().collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}
