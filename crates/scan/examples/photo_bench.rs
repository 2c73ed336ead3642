//! The real-photo benchmark (run by `scripts/bench-photos.sh`): ZXing's blackbox QR
//! photos, which the script takes from zxing-cpp's repository (never into ours).
//!
//! `photo_bench DIR` reads every `NAME.png` under DIR (one folder per blackbox set, the
//! script converts WebP and JPEG to PNG first) with the still-image scanner and compares
//! what it read with `NAME.txt` byte for byte: the decoded text's UTF-8 bytes against the
//! file's bytes, not a debug rendering of either. Prints `set/NAME\tread\tms` per photo
//! (read is 1 or 0; picture decoding not timed, median of three runs) and the count per
//! set on stderr.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use companion_scan::{GreyFrame, Scanner};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [dir] => measure(Path::new(dir)),
        _ => Err("usage: photo_bench DIR".into()),
    };
    if let Err(message) = result {
        eprintln!("photo_bench: {message}");
        std::process::exit(1);
    }
}

/// Every photo under `dir`, by set then name.
fn photos(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut found = Vec::new();
    let sets = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for set in sets.flatten() {
        let name = set.file_name().to_string_lossy().into_owned();
        let Ok(entries) = std::fs::read_dir(set.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "png") {
                found.push((name.clone(), path));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn measure(dir: &Path) -> Result<(), String> {
    let scanner = Scanner::default();
    let mut per_set: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (set, path) in photos(dir)? {
        let expected = std::fs::read(path.with_extension("txt"))
            .map_err(|e| format!("{}: no expected text: {e}", path.display()))?;
        let grey = image::open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .into_luma8();
        let (width, height) = (grey.width() as usize, grey.height() as usize);
        let frame = GreyFrame::new(width, height, width, grey.as_raw())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut times = Vec::new();
        let mut read = None;
        for _ in 0..3 {
            let started = Instant::now();
            read = scanner.read_code(&frame);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let hit = read.is_some_and(|code| code.text.as_bytes() == expected.as_slice());
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        println!(
            "{set}/{}\t{}\t{:.1}",
            name.unwrap_or_default(),
            u8::from(hit),
            times[1]
        );
        let counts = per_set.entry(set).or_default();
        counts.0 += usize::from(hit);
        counts.1 += 1;
    }
    let (mut read, mut total) = (0, 0);
    for (set, (hits, photos)) in &per_set {
        eprintln!("{set}\t{hits}/{photos}");
        read += hits;
        total += photos;
    }
    eprintln!("all\t{read}/{total}");
    Ok(())
}
