//! The device-ID scanning benchmark (run by `scripts/bench-scan.sh`).
//!
//! `scan_bench generate DIR [SEED]` draws the hard set: camera-like 1280×720 frames from a
//! fixed seed (another seed gives a fresh set to check the decoder was not tuned to this
//! one), with a `manifest.tsv` of what each frame holds and how it was distorted. `scan_bench measure DIR` reads every
//! frame with our scanner (picture decoding not timed) and prints `file, answer, ms`.
//! `scan_bench report DIR OURS ZBAR` compares both decoders' answers to the manifest and
//! prints the table for BENCHMARKS.md.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use companion_domain::DeviceId;
use companion_scan::{GreyFrame, ScanError, Scanner};
use image::codecs::jpeg::JpegEncoder;
use image::GrayImage;
use support::{Kind, Rng, Scene, Symbol};

const WIDTH: usize = 1280;
const HEIGHT: usize = 720;
const SEED: u64 = 20_261_125;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir] => generate(Path::new(dir), SEED),
        ["generate", dir, seed] => match seed.parse() {
            Ok(seed) => generate(Path::new(dir), seed),
            Err(_) => Err(format!("not a seed: {seed}")),
        },
        ["measure", dir] => measure(Path::new(dir)),
        ["seeds", dir] => seeds(Path::new(dir)),
        ["report", dir, ours, zbar] => report(Path::new(dir), Path::new(ours), Path::new(zbar)),
        _ => Err(
            "usage: scan_bench generate DIR [SEED] | measure DIR | report DIR OURS ZBAR | seeds DIR"
                .into(),
        ),
    };
    if let Err(message) = result {
        eprintln!("scan_bench: {message}");
        std::process::exit(1);
    }
}

/// What a frame holds, as written to the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Truth {
    /// A code holding this device ID (group name for the table).
    Id(String, &'static str),
    /// A code that is not a device ID (a link, or an ID with a wrong check character).
    Other(&'static str),
    /// No code at all.
    Nothing,
}

fn generate(dir: &Path, seed: u64) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut rng = Rng(seed);
    let mut manifest = String::new();
    let mut write =
        |name: String, scene: &Scene, symbol: &Symbol, jpeg: Option<u8>, truth: Truth| {
            let pixels = scene.render(symbol);
            let picture = GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, pixels)
                .ok_or("frame size mismatch")?;
            let path = dir.join(&name);
            match jpeg {
                Some(quality) => {
                    let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
                    picture
                        .write_with_encoder(JpegEncoder::new_with_quality(file, quality))
                        .map_err(|e| e.to_string())?;
                }
                None => picture.save(&path).map_err(|e| e.to_string())?,
            }
            let (kind, value) = match truth {
                Truth::Id(id, group) => (group.to_string(), id),
                Truth::Other(group) => (group.to_string(), "-".to_string()),
                Truth::Nothing => ("no-code".to_string(), "-".to_string()),
            };
            manifest.push_str(&format!(
                "{name}\t{kind}\t{value}\t{}\n",
                describe(scene, symbol, jpeg)
            ));
            Ok::<(), String>(())
        };
    // 100 hard QR frames, 10 Data Matrix, 10 Code 128 (with milder tilt: a 1-D code read at
    // 45° needs rotated scans), 10 frames with no code, 10 with a code that is not an ID and
    // 4 with an ID whose check character is wrong.
    let plan: Vec<(Kind, &str, usize)> = vec![
        (Kind::Qr, "qr", 100),
        (Kind::DataMatrix, "datamatrix", 10),
        (Kind::Code128, "code128", 10),
    ];
    let mut index = 0;
    for (kind, group, count) in plan {
        for _ in 0..count {
            index += 1;
            let id = DeviceId::with_check_character(&rng.id_body()).map_err(|e| e.to_string())?;
            let text = match rng.next_u64() % 3 {
                0 => id.as_str().to_string(),
                1 => id.display_grouped(),
                _ if kind == Kind::Qr => format!("https://iluma.example.pt/d/{}", id.as_str()),
                _ => id.display_grouped(),
            };
            let symbol = Symbol::encode(kind, &text);
            let scene = hard_scene(&mut rng, kind, &symbol);
            let jpeg = jpeg_quality(&mut rng);
            let name = format!(
                "{index:03}-{group}.{}",
                if jpeg.is_some() { "jpg" } else { "png" }
            );
            write(
                name,
                &scene,
                &symbol,
                jpeg,
                Truth::Id(id.as_str().to_string(), group),
            )?;
        }
    }
    for n in 0..10 {
        index += 1;
        let symbol = Symbol::encode(Kind::Qr, "X");
        let scene = Scene {
            size: 0.5,
            clutter: 20 + n * 8,
            ..hard_scene(&mut rng, Kind::Qr, &symbol)
        };
        let jpeg = jpeg_quality(&mut rng);
        let name = format!(
            "{index:03}-nocode.{}",
            if jpeg.is_some() { "jpg" } else { "png" }
        );
        write(name, &scene, &symbol, jpeg, Truth::Nothing)?;
    }
    let others = [
        "https://example.com/hello",
        "WIFI:S:shop;T:WPA;P:secret;;",
        "https://iluma.example.pt/promo?id=42",
        "4006381333931",
        "Thank you for your purchase!",
        "https://example.com/",
        "MECARD:N:Shop;TEL:+351000000000;;",
        "SN 2024-118-5521",
        "hello world",
        "https://iluma.example.pt/d/",
    ];
    for text in others {
        index += 1;
        let symbol = Symbol::encode(Kind::Qr, text);
        let scene = hard_scene(&mut rng, Kind::Qr, &symbol);
        write(
            format!("{index:03}-other.png"),
            &scene,
            &symbol,
            None,
            Truth::Other("not-an-id"),
        )?;
    }
    for _ in 0..4 {
        index += 1;
        let id = DeviceId::with_check_character(&rng.id_body()).map_err(|e| e.to_string())?;
        let last = id.as_str().as_bytes()[11];
        let wrong = if last == b'0' { '1' } else { '0' };
        let text = format!("{}{wrong}", &id.as_str()[..11]);
        let symbol = Symbol::encode(Kind::Qr, &text);
        let scene = hard_scene(&mut rng, Kind::Qr, &symbol);
        write(
            format!("{index:03}-badcheck.png"),
            &scene,
            &symbol,
            None,
            Truth::Other("bad-check"),
        )?;
    }
    std::fs::write(dir.join("manifest.tsv"), manifest).map_err(|e| e.to_string())
}

/// Seed inputs for the `frame` fuzz target: small frames holding real codes, so the fuzzer
/// starts from inputs that reach the decoders' deeper stages. Layout: width - 1, height - 1,
/// stride padding, then the pixels (see `fuzz/fuzz_targets/frame.rs`).
fn seeds(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let id = DeviceId::with_check_character("7K3M2Q9W4X1").map_err(|e| e.to_string())?;
    let cases = [
        (Kind::Qr, id.as_str().to_string(), 60.0, 0.0),
        (
            Kind::Qr,
            "https://example.com/hello".to_string(),
            80.0,
            20.0,
        ),
        (Kind::DataMatrix, id.display_grouped(), 60.0, 10.0),
        (Kind::Code128, id.as_str().to_string(), 16.0, 0.0),
    ];
    for (index, (kind, text, size, rotation)) in cases.into_iter().enumerate() {
        let scene = Scene {
            rotation,
            ..Scene::plain(96, 96, size)
        };
        let mut bytes = vec![95, 95, 0];
        bytes.extend(scene.render(&Symbol::encode(kind, &text)));
        std::fs::write(dir.join(format!("seed-{index}")), bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A camera-like frame: code from 10 % to 45 % of the frame height anywhere it fits, turned
/// up to 45°, leaning away by up to 35 %, blurred, noisy, low contrast, unevenly lit.
fn hard_scene(rng: &mut Rng, kind: Kind, symbol: &Symbol) -> Scene {
    let rotation: f64 = match kind {
        Kind::Code128 => rng.range(-20.0, 20.0),
        _ => rng.range(-45.0, 45.0),
    };
    // The symbol's extent (quiet zone included) per pixel of symbol height, turned.
    let modules = (symbol.rows - 2 * symbol.quiet_rows) as f64;
    let (full_w, full_h) = (
        symbol.columns as f64 / modules,
        symbol.rows as f64 / modules,
    );
    let (sin, cos) = (
        rotation.to_radians().sin().abs(),
        rotation.to_radians().cos().abs(),
    );
    let (extent_x, extent_y) = (cos * full_w + sin * full_h, sin * full_w + cos * full_h);
    // From 10 % to 45 % of the frame height, but always wholly inside the frame.
    let fits = (0.95 * WIDTH as f64 / extent_x).min(0.95 * HEIGHT as f64 / extent_y);
    let size = (rng.range(0.10, 0.45) * HEIGHT as f64).min(fits);
    let margin_x = 0.5 * size * extent_x / WIDTH as f64;
    let margin_y = 0.5 * size * extent_y / HEIGHT as f64;
    let contrast = rng.range(35.0, 200.0);
    let middle = rng
        .range(70.0 + contrast / 2.0, 250.0 - contrast / 2.0)
        .max(contrast / 2.0);
    Scene {
        width: WIDTH,
        height: HEIGHT,
        centre: (
            rng.range(margin_x.min(0.5), (1.0 - margin_x).max(0.5)),
            rng.range(margin_y.min(0.5), (1.0 - margin_y).max(0.5)),
        ),
        size,
        rotation,
        tilt: rng.range(0.0, 0.35),
        ink: middle - contrast / 2.0,
        paper: middle + contrast / 2.0,
        shading: rng.range(0.0, 0.6),
        blur: [0, 1, 1, 2][(rng.next_u64() % 4) as usize],
        noise: rng.range(0.0, 12.0),
        clutter: (rng.next_u64() % 40) as usize,
        seed: rng.next_u64(),
        motion: (0.0, 0.0),
        glare: support::Glare::NONE,
    }
}

/// The frame's parameters, for reading the failures.
fn describe(scene: &Scene, symbol: &Symbol, jpeg: Option<u8>) -> String {
    let modules = (symbol.rows - 2 * symbol.quiet_rows) as f64;
    format!(
        "size={:.0}px px/module={:.1} rot={:.0} tilt={:.2} contrast={:.0} shading={:.2} blur={} noise={:.1} jpeg={}",
        scene.size,
        scene.size / modules,
        scene.rotation,
        scene.tilt,
        scene.paper - scene.ink,
        scene.shading,
        scene.blur,
        scene.noise,
        jpeg.map_or("-".to_string(), |q| q.to_string())
    )
}

/// Half the frames are JPEG at quality 30..90 (camera pipelines and messaging apps).
fn jpeg_quality(rng: &mut Rng) -> Option<u8> {
    rng.next_u64()
        .is_multiple_of(2)
        .then(|| 30 + (rng.next_u64() % 61) as u8)
}

/// Manifest rows: file, group, expected ID (or `-`), distortion parameters.
type Frame = (String, String, String, String);

fn frames(dir: &Path) -> Result<Vec<Frame>, String> {
    let manifest =
        std::fs::read_to_string(dir.join("manifest.tsv")).map_err(|e| format!("manifest: {e}"))?;
    Ok(manifest
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((
                fields.next()?.to_string(),
                fields.next()?.to_string(),
                fields.next()?.to_string(),
                fields.next().unwrap_or_default().to_string(),
            ))
        })
        .collect())
}

fn measure(dir: &Path) -> Result<(), String> {
    let scanner = Scanner::default();
    for (name, ..) in frames(dir)? {
        let grey = image::open(dir.join(&name))
            .map_err(|e| format!("{name}: {e}"))?
            .into_luma8();
        let (width, height) = (grey.width() as usize, grey.height() as usize);
        let bytes = grey.into_raw();
        let frame = GreyFrame::new(width, height, width, &bytes).map_err(|e| e.to_string())?;
        // Three runs; the median is the frame's time (the first run also warms caches).
        let mut times = Vec::new();
        let mut answer = String::new();
        for _ in 0..3 {
            let started = Instant::now();
            let result = scanner.scan(&frame);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            answer = match result {
                Ok(id) => id.as_str().to_string(),
                Err(ScanError::NoCode) => "ERROR:none".to_string(),
                Err(ScanError::WrongCheckCharacter { .. }) => "ERROR:check".to_string(),
                Err(ScanError::NotADeviceId { .. }) => "ERROR:not-id".to_string(),
                Err(other) => format!("ERROR:{other}"),
            };
        }
        times.sort_by(f64::total_cmp);
        println!("{name}\t{answer}\t{:.2}", times[1]);
    }
    Ok(())
}

/// QR read rates by condition, to see what makes frames hard for each decoder.
fn breakdown(frames: &[Frame], decoders: &[(&str, Answers)]) {
    let value = |params: &str, key: &str| -> f64 {
        params
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .map(|v| v.trim_end_matches("px"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    type Condition = (&'static str, fn(&dyn Fn(&str) -> f64) -> bool);
    let conditions: [Condition; 10] = [
        ("blur 0 (sharp)", |v| v("blur") == 0.0),
        ("blur 1 (σ≈1.4 px)", |v| v("blur") == 1.0),
        ("blur 2 (σ≈2.4 px)", |v| v("blur") == 2.0),
        ("under 3.5 px/module", |v| v("px/module") < 3.5),
        ("3.5 to 5 px/module", |v| {
            (3.5..5.0).contains(&v("px/module"))
        }),
        ("5 px/module or more", |v| v("px/module") >= 5.0),
        ("turned over 30°", |v| v("rot").abs() > 30.0),
        ("contrast under 60 levels", |v| v("contrast") < 60.0),
        ("JPEG", |v| !v("jpeg").is_nan()),
        ("blur ≤ 1 and ≥ 3.5 px/module", |v| {
            v("blur") <= 1.0 && v("px/module") >= 3.5
        }),
    ];
    println!("\nQR frames by condition (read / frames):\n");
    println!("| condition | frames | companion-scan | zbarimg |");
    println!("|---|---|---|---|");
    for (label, test) in conditions {
        let chosen: Vec<&Frame> = frames
            .iter()
            .filter(|(_, group, _, params)| group == "qr" && test(&|key: &str| value(params, key)))
            .collect();
        let read = |answers: &Answers| {
            chosen
                .iter()
                .filter(|(name, _, truth, _)| {
                    answers.get(name).is_some_and(|(answer, _)| {
                        DeviceId::from_code_payload(answer).is_ok_and(|id| id.as_str() == truth)
                    })
                })
                .count()
        };
        println!(
            "| {label} | {} | {} | {} |",
            chosen.len(),
            read(&decoders[0].1),
            read(&decoders[1].1)
        );
    }
}

/// One decoder's answers: file → (answer, milliseconds).
type Answers = HashMap<String, (String, f64)>;

/// One decoder's answer per file: `file \t answer \t ms`.
fn answers(path: &Path) -> Result<Answers, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next()?.to_string();
            let answer = fields.next()?.to_string();
            let ms = fields.next()?.parse().ok()?;
            Some((name, (answer, ms)))
        })
        .collect())
}

#[derive(Default)]
struct Tally {
    frames: usize,
    read: usize,
    misread: usize,
    false_id: usize,
    ms: Vec<f64>,
}

fn report(dir: &Path, ours: &Path, zbar: &Path) -> Result<(), String> {
    let frames = frames(dir)?;
    let decoders = [
        ("companion-scan", answers(ours)?),
        ("zbarimg", answers(zbar)?),
    ];
    let groups = [
        "qr",
        "datamatrix",
        "code128",
        "no-code",
        "not-an-id",
        "bad-check",
    ];
    println!("| set | frames | decoder | read | misread | false ID | median ms | p90 ms |");
    println!("|---|---|---|---|---|---|---|---|");
    for group in groups.iter().copied().chain(["all"]) {
        for (decoder, answers) in &decoders {
            let mut tally = Tally::default();
            for (name, kind, truth, _) in &frames {
                if group != "all" && kind != group {
                    continue;
                }
                let Some((answer, ms)) = answers.get(name) else {
                    return Err(format!("{decoder} has no answer for {name}"));
                };
                tally.frames += 1;
                tally.ms.push(*ms);
                // zbarimg prints the raw payload; both get the same check-character test.
                let given = DeviceId::from_code_payload(answer).ok();
                match (truth.as_str(), given) {
                    ("-", Some(_)) => tally.false_id += 1,
                    ("-", None) => {}
                    (expected, Some(id)) if id.as_str() == expected => tally.read += 1,
                    (_, Some(_)) => tally.misread += 1,
                    (_, None) => {}
                }
            }
            tally.ms.sort_by(f64::total_cmp);
            let percentile = |p: f64| tally.ms[((tally.ms.len() - 1) as f64 * p).round() as usize];
            let read = if ["no-code", "not-an-id", "bad-check"].contains(&group) {
                "–".to_string()
            } else {
                format!(
                    "{} ({:.0} %)",
                    tally.read,
                    100.0 * tally.read as f64 / tally.frames as f64
                )
            };
            println!(
                "| {group} | {} | {decoder} | {read} | {} | {} | {:.1} | {:.1} |",
                tally.frames,
                tally.misread,
                tally.false_id,
                percentile(0.5),
                percentile(0.9)
            );
        }
    }
    let missed: Vec<&str> = frames
        .iter()
        .filter(|(name, _, truth, _)| {
            truth != "-"
                && decoders[0]
                    .1
                    .get(name)
                    .is_none_or(|(answer, _)| answer != truth)
        })
        .map(|(name, ..)| name.as_str())
        .collect();
    println!("\nNot read by companion-scan: {}", missed.join(" "));
    breakdown(&frames, &decoders);
    Ok(())
}
