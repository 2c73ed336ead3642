//! `scan-device-id IMAGE...`: prints `<path>\t<DEVICE ID>` or `<path>\tERROR: <reason>` for
//! each picture, one line each, and exits 0 once it has run (a picture without an ID is an
//! answer, not a failure of the tool).
//!
//! `scan-device-id --video FILE.y4m [--budget-ms N]`: replays a YUV4MPEG2 video through one
//! [`LiveScanner`], frame after frame as the camera screen would, and prints
//! `<frame index>\t<device ID or ->\t<decode time in ms>` for each frame. A malformed
//! video is an error on stderr and exit status 1 (after the lines of the frames before it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use companion_scan::{LiveScanner, Y4mReader};

const USAGE: &str =
    "usage: scan-device-id IMAGE... | scan-device-id --video FILE.y4m [--budget-ms N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => usage(),
        Some("--video") => match video_args(&args[1..]) {
            Some((path, budget)) => match replay(&path, budget) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("scan-device-id: {}: {message}", path.display());
                    ExitCode::from(1)
                }
            },
            None => usage(),
        },
        Some(_) => pictures(args.iter().map(PathBuf::from)),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// `FILE [--budget-ms N]`, in either order.
fn video_args(args: &[String]) -> Option<(PathBuf, Option<Duration>)> {
    let (mut path, mut budget) = (None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--budget-ms" => budget = Some(Duration::from_millis(rest.next()?.parse().ok()?)),
            _ if path.is_none() => path = Some(PathBuf::from(arg)),
            _ => return None,
        }
    }
    Some((path?, budget))
}

fn pictures(paths: impl Iterator<Item = PathBuf>) -> ExitCode {
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

fn replay(path: &Path, budget: Option<Duration>) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut video = Y4mReader::new(file).map_err(|e| e.to_string())?;
    let mut scanner = budget.map_or_else(LiveScanner::default, LiveScanner::with_budget);
    let mut out = std::io::stdout().lock();
    let mut index = 0usize;
    while let Some(frame) = video.next_frame().map_err(|e| e.to_string())? {
        let started = Instant::now();
        let read = scanner.scan(&frame);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let answer = read.map_or_else(|_| "-".to_string(), |id| id.to_string());
        if writeln!(out, "{index}\t{answer}\t{ms:.2}").is_err() {
            return Ok(());
        }
        index += 1;
    }
    Ok(())
}
