//! `scan-device-id IMAGE...`: prints `<path>\t<DEVICE ID>` or `<path>\tERROR: <reason>` for
//! each picture, one line each, and exits 0 once it has run (a picture without an ID is an
//! answer, not a failure of the tool).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: scan-device-id IMAGE...");
        return ExitCode::from(2);
    }
    let mut out = std::io::stdout().lock();
    for path in paths {
        let line = match companion_scan::scan_picture(&path) {
            Ok(id) => format!("{}\t{id}", path.display()),
            Err(reason) => format!("{}\tERROR: {reason}", path.display()),
        };
        if writeln!(out, "{line}").is_err() {
            // Stdout closed (e.g. piped into `head`): nobody is listening any more.
            return ExitCode::SUCCESS;
        }
    }
    ExitCode::SUCCESS
}
