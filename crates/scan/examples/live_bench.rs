//! The live-scanning benchmark (run by `scripts/bench-live-scan.sh`).
//!
//! `live_bench generate DIR [SEED]` draws clips of a device-ID label coming into view as a
//! hand brings the phone closer: 1280×720 frames where the code grows from about 2 to 8
//! pixels per module (Code 128 from 1.5 to 5.5: a box label is read from further away),
//! blur and tilt settle, the hand shakes, and every frame has fresh sensor noise; plus clips
//! without a code and clips of codes that are not device IDs. Each clip is written as a y4m
//! video (what the camera screen and `scan-device-id --video` see) and as one PNG per frame
//! (for the decoders that read pictures), with `clips.tsv` and `frames.tsv` saying what
//! each holds.
//!
//! `live_bench live DIR [BUDGET_MS]` replays every clip through one `LiveScanner` per clip;
//! `live_bench ladder DIR [BUDGET_MS]` reads the same frames one by one with the still-image
//! `Scanner`. Both print `clip \t frame \t answer \t wall ms \t CPU ms` (CPU time of the
//! decoding thread, from `/proc/thread-self/schedstat`).
//!
//! `live_bench report DIR NAME=FILE...` compares the decoders' answers (same format) with
//! what the clips hold and prints the tables for BENCHMARKS.md.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use companion_domain::DeviceId;
use companion_scan::{GreyFrame, LiveScanner, Scanner, Y4mReader};
use image::GrayImage;
use support::{Kind, Rng, Scene, Symbol};

const WIDTH: usize = 1280;
const HEIGHT: usize = 720;
const FRAMES: usize = 45;
const SEED: u64 = 20_261_126;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let budget = |ms: &str| {
        ms.parse()
            .map(Duration::from_millis)
            .map_err(|e| format!("{ms}: {e}"))
    };
    let result = match args.as_slice() {
        ["generate", dir] => generate(Path::new(dir), SEED),
        ["generate", dir, seed] => seed
            .parse()
            .map_err(|e| format!("{seed}: {e}"))
            .and_then(|seed| generate(Path::new(dir), seed)),
        ["live", dir] => replay(Path::new(dir), Decoder::Live(Duration::from_millis(30))),
        ["live", dir, ms] => budget(ms).and_then(|b| replay(Path::new(dir), Decoder::Live(b))),
        ["ladder", dir] => replay(Path::new(dir), Decoder::Ladder(Duration::from_millis(200))),
        ["ladder", dir, ms] => budget(ms).and_then(|b| replay(Path::new(dir), Decoder::Ladder(b))),
        ["report", dir, decoders @ ..] if !decoders.is_empty() => report(Path::new(dir), decoders),
        _ => Err(
            "usage: live_bench generate DIR [SEED] | live DIR [BUDGET_MS] | \
                  ladder DIR [BUDGET_MS] | report DIR NAME=FILE..."
                .into(),
        ),
    };
    if let Err(message) = result {
        eprintln!("live_bench: {message}");
        std::process::exit(1);
    }
}

/// What a clip shows.
struct Clip {
    name: String,
    /// `qr`, `datamatrix`, `code128`, `no-code`, `not-an-id` or `bad-check`.
    group: &'static str,
    /// The ID in the code, if it holds a valid one.
    id: Option<DeviceId>,
    kind: Kind,
    text: String,
}

fn plan(rng: &mut Rng) -> Result<Vec<Clip>, String> {
    let mut clips = Vec::new();
    let groups: [(&'static str, Kind, usize); 6] = [
        ("qr", Kind::Qr, 8),
        ("datamatrix", Kind::DataMatrix, 2),
        ("code128", Kind::Code128, 2),
        ("no-code", Kind::Qr, 3),
        ("not-an-id", Kind::Qr, 1),
        ("bad-check", Kind::Qr, 1),
    ];
    for (group, kind, count) in groups {
        for _ in 0..count {
            let id = DeviceId::with_check_character(&rng.id_body()).map_err(|e| e.to_string())?;
            let (text, id) = match group {
                "no-code" => ("X".to_string(), None),
                "not-an-id" => ("https://iluma.example.pt/promo?id=42".to_string(), None),
                "bad-check" => {
                    let last = id.as_str().as_bytes()[11];
                    let wrong = if last == b'0' { '1' } else { '0' };
                    (format!("{}{wrong}", &id.as_str()[..11]), None)
                }
                _ => {
                    let text = match rng.next_u64() % 3 {
                        0 => id.as_str().to_string(),
                        1 => id.display_grouped(),
                        _ if kind == Kind::Qr => {
                            format!("https://iluma.example.pt/d/{}", id.as_str())
                        }
                        _ => id.display_grouped(),
                    };
                    (text, Some(id))
                }
            };
            clips.push(Clip {
                name: format!("clip-{:02}-{group}", clips.len() + 1),
                group,
                id,
                kind,
                text,
            });
        }
    }
    Ok(clips)
}

fn generate(dir: &Path, seed: u64) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut rng = Rng(seed);
    let mut written = Written::default();
    for clip in plan(&mut rng)? {
        let frames = approach(&mut rng, &clip);
        write_clip(dir, &clip, frames, &mut written)?;
    }
    // The shaky-hand clips draw from their own generator, so the clips above stay the same
    // for a seed as they were before these were added.
    let mut rng = Rng(seed ^ SHAKY_SEED);
    let first = written.count + 1;
    for (n, condition) in Condition::ALL
        .iter()
        .cycle()
        .take(2 * Condition::ALL.len())
        .enumerate()
    {
        let id = DeviceId::with_check_character(&rng.id_body()).map_err(|e| e.to_string())?;
        let text = match n % 3 {
            0 => id.as_str().to_string(),
            1 => id.display_grouped(),
            _ => format!("https://iluma.example.pt/d/{}", id.as_str()),
        };
        let clip = Clip {
            name: format!("clip-{:02}-{}", first + n, condition.name()),
            group: "qr",
            id: Some(id),
            kind: Kind::Qr,
            text,
        };
        let frames = shaky(&mut rng, &clip, *condition);
        write_clip(dir, &clip, frames, &mut written)?;
    }
    // The hardest empty frames: a hand moving over a counter covered in print (200–260
    // dark marks), with no code anywhere.
    let clip = Clip {
        name: format!("clip-{:02}-shaky-no-code", written.count + 1),
        group: "no-code",
        id: None,
        kind: Kind::Qr,
        text: "X".to_string(),
    };
    let marks = 200 + (rng.next_u64() % 60) as usize;
    let frames = shaky(&mut rng, &clip, Condition::MotionBlur)
        .into_iter()
        .map(|frame| Planned {
            scene: Scene {
                size: 0.5,
                clutter: marks,
                ..frame.scene
            },
            per_module: 0.0,
            ..frame
        })
        .collect();
    write_clip(dir, &clip, frames, &mut written)?;
    std::fs::write(dir.join("clips.tsv"), written.clips).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("frames.tsv"), written.frames).map_err(|e| e.to_string())
}

/// Mixed into the seed for the shaky-hand clips.
const SHAKY_SEED: u64 = 0x5A4B_7E11;

/// One frame to draw: the scene and, for `frames.tsv`, its pixels per module.
struct Planned {
    scene: Scene,
    per_module: f64,
    /// Added to each pixel on top of the scene's own noise (fresh every frame).
    noise: f64,
}

/// What `generate` has written so far.
#[derive(Default)]
struct Written {
    count: usize,
    clips: String,
    frames: String,
}

/// The first set: the phone brought closer over 35 frames, then held.
fn approach(rng: &mut Rng, clip: &Clip) -> Vec<Planned> {
    let symbol = Symbol::encode(clip.kind, &clip.text);
    let modules = (symbol.rows - 2 * symbol.quiet_rows) as f64;
    let (start, end): (f64, f64) = match clip.kind {
        Kind::Code128 => (1.5, 5.5),
        _ => (2.0, 8.0),
    };
    // The approach lasts 35 frames (just over a second); then the phone is held.
    let approach = 35.0;
    let blur_two_until = rng.range(0.3, 0.6) * approach;
    let blur_one_until = rng.range(0.65, 0.9) * approach;
    let tilt_start = rng.range(0.2, 0.4);
    let mut rotation = match clip.kind {
        Kind::Code128 => rng.range(-12.0, 12.0),
        _ => rng.range(-35.0, 35.0),
    };
    let mut centre = (rng.range(0.3, 0.7), rng.range(0.35, 0.65));
    let contrast = rng.range(60.0, 180.0);
    let middle = rng.range(70.0 + contrast / 2.0, 245.0 - contrast / 2.0);
    let noise = rng.range(3.0, 8.0);
    let base = backdrop(rng, contrast, middle);
    let mut frames = Vec::with_capacity(FRAMES);
    for index in 0..FRAMES {
        let t = (index as f64 / approach).min(1.0);
        let per_module = start * (end / start).powf(t) * rng.range(0.98, 1.02);
        let blur = if (index as f64) < blur_two_until {
            2
        } else if (index as f64) < blur_one_until {
            1
        } else {
            0
        };
        rotation += rng.range(-1.5, 1.5);
        centre = (
            (centre.0 + rng.range(-0.01, 0.01)).clamp(0.3, 0.7),
            (centre.1 + rng.range(-0.01, 0.01)).clamp(0.35, 0.65),
        );
        let no_code = clip.group == "no-code";
        frames.push(Planned {
            scene: Scene {
                size: if no_code { 0.5 } else { per_module * modules },
                rotation,
                tilt: tilt_start * (1.0 - t) + 0.03,
                blur,
                centre,
                ..base.clone()
            },
            per_module: if no_code { 0.0 } else { per_module },
            noise,
        });
    }
    frames
}

/// A clip's fixed scene: the label's ink and paper around `middle`, `contrast` apart, with
/// light falling off by up to 40 % and 10–34 dark rectangles of clutter (the same for every
/// frame: the scene's seed is drawn here).
fn backdrop(rng: &mut Rng, contrast: f64, middle: f64) -> Scene {
    Scene {
        width: WIDTH,
        height: HEIGHT,
        ink: middle - contrast / 2.0,
        paper: middle + contrast / 2.0,
        shading: rng.range(0.0, 0.4),
        clutter: 10 + (rng.next_u64() % 25) as usize,
        seed: rng.next_u64(),
        ..Scene::plain(WIDTH, HEIGHT, 1.0)
    }
}

/// What makes a shaky-hand clip hard.
#[derive(Debug, Clone, Copy)]
enum Condition {
    /// The phone swings in: motion blur of up to 18 pixels that dies away as the hand
    /// stops.
    MotionBlur,
    /// The code slides in from an edge of the frame, half of it outside at first.
    PartialEntry,
    /// Held at a steep angle (the far edge up to 55 % shorter) and turned, then
    /// straightened.
    Tilt,
    /// A dim shop corner: 25–40 grey levels of contrast, dark, high sensor noise.
    LowLight,
    /// A shiny label: a bright reflection over part of the code that moves with the hand.
    Glare,
    /// Autofocus hunting: the picture goes soft and sharp again while the phone comes
    /// closer.
    FocusHunt,
}

impl Condition {
    const ALL: [Condition; 6] = [
        Condition::MotionBlur,
        Condition::PartialEntry,
        Condition::Tilt,
        Condition::LowLight,
        Condition::Glare,
        Condition::FocusHunt,
    ];

    fn name(self) -> &'static str {
        match self {
            Condition::MotionBlur => "shaky-motion",
            Condition::PartialEntry => "shaky-partial",
            Condition::Tilt => "shaky-tilt",
            Condition::LowLight => "shaky-lowlight",
            Condition::Glare => "shaky-glare",
            Condition::FocusHunt => "shaky-focus",
        }
    }
}

/// A shaky-hand clip: the code is near enough to read within the first frames, and the
/// condition is what stands in the way. Every clip also has hand shake: the code jumps by
/// up to 1.5 % of the frame and turns by up to 2° between frames, with up to 3 pixels of
/// motion blur.
fn shaky(rng: &mut Rng, clip: &Clip, condition: Condition) -> Vec<Planned> {
    let symbol = Symbol::encode(clip.kind, &clip.text);
    let modules = (symbol.rows - 2 * symbol.quiet_rows) as f64;
    // From 3 to 7 pixels per module over the first 20 frames.
    let (start, end, closing) = (3.0_f64, 7.0_f64, 20.0);
    let mut rotation = rng.range(-35.0, 35.0);
    let mut centre = (rng.range(0.35, 0.65), rng.range(0.4, 0.6));
    let (contrast, middle, noise) = match condition {
        Condition::LowLight => (
            rng.range(25.0, 40.0),
            rng.range(45.0, 70.0),
            rng.range(9.0, 13.0),
        ),
        _ => {
            let contrast = rng.range(80.0, 180.0);
            (
                contrast,
                rng.range(70.0 + contrast / 2.0, 245.0 - contrast / 2.0),
                rng.range(3.0, 7.0),
            )
        }
    };
    let base = backdrop(rng, contrast, middle);
    let mut swing = rng.range(0.0, std::f64::consts::TAU);
    let tilt_start = rng.range(0.45, 0.55);
    let tilt_rotation = rng.range(40.0, 65.0) * if rng.unit() < 0.5 { -1.0 } else { 1.0 };
    // Partial entry: from which side, and where the code ends up.
    let side = rng.next_u64() % 4;
    let entry_frames = 15.0;
    let glare_radius = rng.range(0.25, 0.4);
    let glare_strength = rng.range(0.75, 0.95);
    let mut glare_at = (rng.range(-0.3, 0.3), rng.range(-0.3, 0.3));
    let focus_phase = rng.range(0.0, 8.0);
    let mut frames = Vec::with_capacity(FRAMES);
    for index in 0..FRAMES {
        let i = index as f64;
        let t = (i / closing).min(1.0);
        let mut per_module = start * (end / start).powf(t) * rng.range(0.98, 1.02);
        rotation += rng.range(-2.0, 2.0);
        centre = (
            (centre.0 + rng.range(-0.015, 0.015)).clamp(0.3, 0.7),
            (centre.1 + rng.range(-0.015, 0.015)).clamp(0.35, 0.65),
        );
        swing += rng.range(-0.35, 0.35);
        let shake = rng.range(0.0, 3.0);
        let mut motion = (shake * swing.cos(), shake * swing.sin());
        let mut scene = Scene {
            rotation,
            tilt: 0.03,
            centre,
            ..base.clone()
        };
        match condition {
            Condition::MotionBlur => {
                // 18 pixels at the start, gone by frame 16.
                let length = 18.0 * (1.0 - i / 16.0).max(0.0) + shake;
                motion = (length * swing.cos(), length * swing.sin());
            }
            Condition::PartialEntry => {
                per_module = 5.0 * rng.range(0.98, 1.02);
                let progress = (i / entry_frames).min(1.0);
                // Half the code outside the frame at the start, sliding in along one axis.
                let (from, to) = match side {
                    0 => ((0.0, centre.1), centre),
                    1 => ((1.0, centre.1), centre),
                    2 => ((centre.0, 0.0), centre),
                    _ => ((centre.0, 1.0), centre),
                };
                let at = (
                    from.0 + (to.0 - from.0) * progress,
                    from.1 + (to.1 - from.1) * progress,
                );
                // The slide blurs the frame too: the distance moved in half a frame.
                let step = if progress < 1.0 {
                    (
                        (to.0 - from.0) / entry_frames * WIDTH as f64 / 2.0,
                        (to.1 - from.1) / entry_frames * HEIGHT as f64 / 2.0,
                    )
                } else {
                    (0.0, 0.0)
                };
                motion = (motion.0 + step.0, motion.1 + step.1);
                scene.centre = at;
            }
            Condition::Tilt => {
                let settle = (i / 30.0).min(1.0);
                scene.tilt = tilt_start * (1.0 - settle) + 0.12 * settle;
                scene.rotation = rotation + tilt_rotation * (1.0 - settle);
            }
            Condition::LowLight => {
                scene.blur = usize::from(i < 8.0);
            }
            Condition::Glare => {
                glare_at = (
                    (glare_at.0 + rng.range(-0.04, 0.04)).clamp(-0.35, 0.35),
                    (glare_at.1 + rng.range(-0.04, 0.04)).clamp(-0.35, 0.35),
                );
                let size = per_module * modules;
                scene.glare = support::Glare {
                    centre: (
                        centre.0 + glare_at.0 * size / WIDTH as f64,
                        centre.1 + glare_at.1 * size / HEIGHT as f64,
                    ),
                    radius: glare_radius * size,
                    strength: glare_strength,
                };
            }
            Condition::FocusHunt => {
                // Soft, sharp, soft again on a cycle of 8 frames for the first 28 frames.
                let phase = ((i + focus_phase) % 8.0) / 8.0;
                scene.blur = if i >= 28.0 {
                    0
                } else if phase < 0.4 {
                    2
                } else if phase < 0.6 {
                    1
                } else {
                    0
                };
            }
        }
        scene.motion = motion;
        scene.size = per_module * modules;
        frames.push(Planned {
            scene,
            per_module,
            noise,
        });
    }
    frames
}

/// Draws a clip's frames and writes them as PNGs, as a y4m video and as lines of
/// `clips.tsv` and `frames.tsv`.
fn write_clip(
    dir: &Path,
    clip: &Clip,
    planned: Vec<Planned>,
    written: &mut Written,
) -> Result<(), String> {
    let symbol = Symbol::encode(clip.kind, &clip.text);
    let folder = dir.join(&clip.name);
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let mut frames = Vec::with_capacity(planned.len());
    let (mut noise, mut clutter) = (0.0, 0);
    let contrast = planned.first().map_or(0.0, |p| p.scene.paper - p.scene.ink);
    for (index, frame) in planned.into_iter().enumerate() {
        let scene = frame.scene;
        (noise, clutter) = (frame.noise, scene.clutter);
        // The background and clutter stay (same scene seed); the noise is new each frame.
        let mut noise_rng = Rng(scene.seed ^ (index as u64 + 1).wrapping_mul(0x9E37));
        let pixels: Vec<u8> = scene
            .render(&symbol)
            .into_iter()
            .map(|p| {
                (f64::from(p) + frame.noise * noise_rng.gaussian())
                    .round()
                    .clamp(0.0, 255.0) as u8
            })
            .collect();
        let picture = GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, pixels.clone())
            .ok_or("frame size mismatch")?;
        picture
            .save(folder.join(format!("{index:04}.png")))
            .map_err(|e| e.to_string())?;
        written.frames.push_str(&format!(
            "{}\t{index}\t{:.2}\t{}\t{:.2}\t{:.1}\n",
            clip.name,
            frame.per_module,
            scene.blur,
            scene.tilt,
            scene.motion.0.hypot(scene.motion.1)
        ));
        frames.push(pixels);
    }
    std::fs::write(
        dir.join(format!("{}.y4m", clip.name)),
        support::y4m(WIDTH, HEIGHT, &frames),
    )
    .map_err(|e| e.to_string())?;
    written.clips.push_str(&format!(
        "{}\t{}\t{}\tnoise={noise:.1} contrast={contrast:.0} clutter={clutter}\n",
        clip.name,
        clip.group,
        clip.id
            .map_or("-".to_string(), |id| id.as_str().to_string()),
    ));
    written.count += 1;
    eprintln!("generated {}", clip.name);
    Ok(())
}

enum Decoder {
    Live(Duration),
    Ladder(Duration),
}

/// Nanoseconds this thread has run on a CPU.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn replay(dir: &Path, decoder: Decoder) -> Result<(), String> {
    for (name, ..) in clips(dir)? {
        let file =
            std::fs::File::open(dir.join(format!("{name}.y4m"))).map_err(|e| e.to_string())?;
        let mut video = Y4mReader::new(file).map_err(|e| e.to_string())?;
        let mut live = match decoder {
            Decoder::Live(budget) => Some(LiveScanner::with_budget(budget)),
            Decoder::Ladder(_) => None,
        };
        let ladder = match decoder {
            Decoder::Ladder(budget) => Scanner::with_budget(budget),
            Decoder::Live(_) => Scanner::default(),
        };
        let mut index = 0;
        while let Some(frame) = video.next_frame().map_err(|e| e.to_string())? {
            let (answer, wall, cpu) = timed(
                |frame| match &mut live {
                    Some(live) => live.scan(frame),
                    None => ladder.scan(frame),
                },
                &frame,
            );
            println!("{name}\t{index}\t{answer}\t{wall:.2}\t{cpu:.2}");
            index += 1;
        }
    }
    Ok(())
}

fn timed(
    mut scan: impl FnMut(&GreyFrame<'_>) -> Result<DeviceId, companion_scan::ScanError>,
    frame: &GreyFrame<'_>,
) -> (String, f64, f64) {
    let cpu = thread_cpu_ns();
    let started = Instant::now();
    let result = scan(frame);
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    let cpu = thread_cpu_ns().saturating_sub(cpu) as f64 / 1e6;
    let answer = result.map_or_else(|_| "-".to_string(), |id| id.as_str().to_string());
    (answer, wall, cpu)
}

/// `clips.tsv` rows: name, group, expected ID or `-`.
fn clips(dir: &Path) -> Result<Vec<(String, String, String)>, String> {
    let text =
        std::fs::read_to_string(dir.join("clips.tsv")).map_err(|e| format!("clips.tsv: {e}"))?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((
                fields.next()?.to_string(),
                fields.next()?.to_string(),
                fields.next()?.to_string(),
            ))
        })
        .collect())
}

/// One decoder's answers: (clip, frame) → (answer, wall ms, CPU ms).
type Answers = BTreeMap<(String, usize), (String, f64, f64)>;

fn answers(path: &Path) -> Result<Answers, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let wall: f64 = f.get(3)?.parse().ok()?;
            let cpu = f.get(4).and_then(|c| c.parse().ok()).unwrap_or(wall);
            Some((
                (f[0].to_string(), f.get(1)?.parse().ok()?),
                (f[2].to_string(), wall, cpu),
            ))
        })
        .collect())
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * p).round() as usize]
}

fn report(dir: &Path, decoders: &[&str]) -> Result<(), String> {
    let clips = clips(dir)?;
    let frames_tsv =
        std::fs::read_to_string(dir.join("frames.tsv")).map_err(|e| format!("frames.tsv: {e}"))?;
    let per_module: BTreeMap<(String, usize), f64> = frames_tsv
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Some((
                (f[0].to_string(), f.get(1)?.parse().ok()?),
                f.get(2)?.parse().ok()?,
            ))
        })
        .collect();
    let mut named = Vec::new();
    for spec in decoders {
        let (name, file) = spec
            .split_once('=')
            .ok_or(format!("not NAME=FILE: {spec}"))?;
        named.push((name, answers(Path::new(file))?));
    }
    let (shaky, first): (Vec<_>, Vec<_>) = clips
        .iter()
        .cloned()
        .partition(|(name, ..)| name.contains("-shaky-"));
    for (title, set) in [("Approach clips", first), ("Shaky-hand clips", shaky)] {
        if !set.is_empty() {
            println!("#### {title}\n");
            summarise(&set, &named, &per_module)?;
            println!();
        }
    }
    Ok(())
}

/// Prints the per-clip and overall tables for one set of clips.
fn summarise(
    clips: &[(String, String, String)],
    named: &[(&str, Answers)],
    per_module: &BTreeMap<(String, usize), f64>,
) -> Result<(), String> {
    // Per clip: the first frame each decoder read the right ID in.
    println!("First frame with the ID read (frame index from 0, px/module in brackets; – = never in {FRAMES} frames):\n");
    print!("| clip | kind |");
    for (name, _) in named {
        print!(" {name} |");
    }
    println!();
    println!("|---|---|{}", "---|".repeat(named.len()));
    #[derive(Default)]
    struct Sum {
        read: usize,
        first: Vec<usize>,
        cpu_to_first: f64,
        misread: usize,
        false_id: usize,
        wall: Vec<f64>,
        wall_empty: Vec<f64>,
        cpu: Vec<f64>,
        later_than_best: usize,
        /// Against zbarimg, on clips either read: later, earlier, frames ahead (added).
        later_than_zbar: usize,
        earlier_than_zbar: usize,
        ahead_of_zbar: f64,
        both_read: usize,
    }
    let zbar = named.iter().position(|(name, _)| *name == "zbarimg");
    let mut sums: Vec<Sum> = named.iter().map(|_| Sum::default()).collect();
    let mut with_code = 0;
    for (clip, group, truth) in clips {
        let mut cells = Vec::new();
        let mut firsts = Vec::new();
        for ((_, answers), sum) in named.iter().zip(&mut sums) {
            let mut first = None;
            let mut cpu = 0.0;
            for frame in 0..FRAMES {
                let Some((answer, wall, frame_cpu)) = answers.get(&(clip.clone(), frame)) else {
                    return Err(format!("no answer for {clip} frame {frame}"));
                };
                sum.wall.push(*wall);
                sum.cpu.push(*frame_cpu);
                if group == "no-code" {
                    sum.wall_empty.push(*wall);
                }
                if first.is_none() {
                    cpu += frame_cpu;
                }
                match (DeviceId::from_code_payload(answer).ok(), truth.as_str()) {
                    (Some(_), "-") => sum.false_id += 1,
                    (Some(id), expected) if id.as_str() != expected => sum.misread += 1,
                    (Some(_), _) if first.is_none() => first = Some(frame),
                    _ => {}
                }
            }
            if truth != "-" {
                sum.cpu_to_first += cpu;
                if let Some(frame) = first {
                    sum.read += 1;
                    sum.first.push(frame);
                }
            }
            firsts.push(first);
            cells.push(first.map_or("–".to_string(), |f| {
                format!(
                    "{f} ({:.1})",
                    per_module
                        .get(&(clip.clone(), f))
                        .copied()
                        .unwrap_or(f64::NAN)
                )
            }));
        }
        if truth != "-" {
            with_code += 1;
            let best = firsts.iter().flatten().min().copied();
            let zbar_first = zbar.map(|z| firsts[z]);
            for (first, sum) in firsts.iter().zip(&mut sums) {
                if let Some(best) = best {
                    if first.is_none_or(|f| f > best) {
                        sum.later_than_best += 1;
                    }
                }
                // Never read counts as read after the last frame.
                let at = |f: Option<usize>| f.unwrap_or(FRAMES);
                if let Some(zbar_first) = zbar_first {
                    if first.is_some() || zbar_first.is_some() {
                        sum.both_read += 1;
                        let ahead = at(zbar_first) as f64 - at(*first) as f64;
                        sum.ahead_of_zbar += ahead;
                        if ahead < 0.0 {
                            sum.later_than_zbar += 1;
                        } else if ahead > 0.0 {
                            sum.earlier_than_zbar += 1;
                        }
                    }
                }
            }
            println!("| {clip} | {group} | {} |", cells.join(" | "));
        }
    }
    println!(
        "\nAll clips ({} with a device ID, {} without; {FRAMES} frames each; against zbarimg a clip never read counts as read at frame {FRAMES}):\n",
        with_code,
        clips.len() - with_code
    );
    println!("| decoder | clips read | mean first frame (read clips) | later than the earliest | later / earlier than zbarimg | mean frames ahead of zbarimg | CPU s until first read | median ms | p90 ms | max ms | median ms, no-code clips | p90 ms, no-code clips | misreads | false IDs |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for ((name, _), sum) in named.iter().zip(&mut sums) {
        let mean = sum.first.iter().sum::<usize>() as f64 / sum.first.len().max(1) as f64;
        let ahead = sum.ahead_of_zbar / sum.both_read.max(1) as f64;
        println!(
            "| {name} | {}/{with_code} | {mean:.1} | {} | {} / {} | {ahead:+.2} | {:.2} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} |",
            sum.read,
            sum.later_than_best,
            sum.later_than_zbar,
            sum.earlier_than_zbar,
            sum.cpu_to_first / 1000.0,
            percentile(&mut sum.wall, 0.5),
            percentile(&mut sum.wall, 0.9),
            percentile(&mut sum.wall, 1.0),
            percentile(&mut sum.wall_empty, 0.5),
            percentile(&mut sum.wall_empty, 0.9),
            sum.misread,
            sum.false_id
        );
    }
    Ok(())
}
