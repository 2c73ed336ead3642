//! The `scan-device-id` tool on picture files written by the test.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use companion_domain::DeviceId;
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, ImageFormat};
use support::{y4m, Kind, Rng, Scene, Symbol};

/// A fresh folder for one test's pictures, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("scan-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&path).expect("create a temp folder");
        Folder(path)
    }

    fn picture(&self, name: &str, kind: Kind, text: &str, scene: &Scene) -> PathBuf {
        let pixels = scene.render(&Symbol::encode(kind, text));
        let picture = GrayImage::from_raw(scene.width as u32, scene.height as u32, pixels)
            .expect("pixels fill the picture");
        let path = self.0.join(name);
        if name.ends_with(".jpg") {
            let file = std::fs::File::create(&path).expect("create the file");
            picture
                .write_with_encoder(JpegEncoder::new_with_quality(file, 60))
                .expect("encode JPEG");
        } else {
            picture
                .save_with_format(&path, ImageFormat::Png)
                .expect("encode PNG");
        }
        path
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(paths: &[&Path]) -> (bool, Vec<String>) {
    let output = Command::new(env!("CARGO_BIN_EXE_scan-device-id"))
        .args(paths)
        .output()
        .expect("run scan-device-id");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (
        output.status.success(),
        stdout.lines().map(str::to_string).collect(),
    )
}

fn id(seed: u64) -> DeviceId {
    DeviceId::with_check_character(&Rng(seed).id_body()).expect("a valid body")
}

#[test]
fn prints_one_line_per_picture_with_the_id_or_the_reason() {
    let folder = Folder::new("lines");
    let scene = Scene {
        rotation: 15.0,
        ..Scene::plain(320, 240, 120.0)
    };
    let first = id(11);
    let second = id(12);
    let wrong_check = {
        let last = first.as_str().as_bytes()[11];
        let other = if last == b'0' { '1' } else { '0' };
        format!("{}{other}", &first.as_str()[..11])
    };
    let paths = [
        folder.picture("qr.png", Kind::Qr, first.as_str(), &scene),
        folder.picture(
            "dm.jpg",
            Kind::DataMatrix,
            &second.display_grouped(),
            &scene,
        ),
        folder.picture("url.png", Kind::Qr, "https://example.com/hello", &scene),
        folder.picture("wrong.png", Kind::Qr, &wrong_check, &scene),
        folder.picture("blank.png", Kind::Qr, "X", &Scene::plain(320, 240, 0.5)),
        folder.0.join("missing.png"),
    ];
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();

    let (success, lines) = run(&refs);

    assert!(success);
    assert_eq!(lines.len(), paths.len(), "{lines:#?}");
    let expect = |index: usize, tail: &str| {
        let prefix = format!("{}\t", paths[index].display());
        assert!(
            lines[index].starts_with(&prefix) && lines[index][prefix.len()..].starts_with(tail),
            "line {index}: {:?} should start with {prefix:?} then {tail:?}",
            lines[index]
        );
    };
    expect(0, &first.display_grouped());
    expect(1, &second.display_grouped());
    expect(2, "ERROR: the QR code is not a device ID");
    expect(
        3,
        "ERROR: the QR code holds a device ID with a wrong check character",
    );
    expect(4, "ERROR: no code found");
    expect(5, "ERROR: cannot read the picture");
}

#[test]
fn a_file_that_is_not_a_picture_is_an_error_line_not_a_crash() {
    let folder = Folder::new("garbage");
    let path = folder.0.join("notes.png");
    std::fs::write(&path, b"not a picture at all").expect("write the file");

    let (success, lines) = run(&[&path]);

    assert!(success);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("\tERROR: cannot read the picture"),
        "{lines:?}"
    );
}

#[test]
fn without_arguments_it_prints_its_usage_and_fails() {
    let output = Command::new(env!("CARGO_BIN_EXE_scan-device-id"))
        .output()
        .expect("run scan-device-id");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage"));
}

fn replay(args: &[&std::ffi::OsStr]) -> (bool, Vec<String>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scan-device-id"))
        .arg("--video")
        .args(args)
        .output()
        .expect("run scan-device-id --video");
    (
        output.status.success(),
        String::from_utf8(output.stdout)
            .expect("UTF-8 output")
            .lines()
            .map(str::to_string)
            .collect(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_video_is_replayed_frame_by_frame_with_the_id_once_the_code_is_in_view() {
    let folder = Folder::new("video");
    let id = id(13);
    let symbol = Symbol::encode(Kind::Qr, &id.display_grouped());
    // Two frames of clutter only, then the label comes into view and grows.
    let mut frames = Vec::new();
    for (index, size) in [0.5, 0.5, 90.0, 100.0, 110.0].into_iter().enumerate() {
        let scene = Scene {
            clutter: 12,
            noise: 3.0,
            seed: index as u64,
            ..Scene::plain(320, 240, size)
        };
        frames.push(scene.render(&symbol));
    }
    let path = folder.0.join("clip.y4m");
    std::fs::write(&path, y4m(320, 240, &frames)).expect("write the clip");

    // A generous budget: this checks what is read, not how fast.
    let (success, lines, _) = replay(&[path.as_os_str(), "--budget-ms".as_ref(), "60000".as_ref()]);

    assert!(success);
    assert_eq!(lines.len(), frames.len(), "{lines:#?}");
    for (index, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line:?}");
        assert_eq!(fields[0], index.to_string());
        let expected = if index < 2 {
            "-".to_string()
        } else {
            id.display_grouped()
        };
        assert_eq!(fields[1], expected, "frame {index}");
        assert!(
            fields[2].parse::<f64>().is_ok_and(|ms| ms >= 0.0),
            "{line:?}"
        );
    }
}

#[test]
fn a_malformed_video_is_a_clear_error_and_a_failure() {
    let folder = Folder::new("bad-video");
    let frame = vec![200u8; 64 * 48];
    let mut cut = y4m(64, 48, &[frame.clone(), frame]);
    cut.truncate(cut.len() - 100);
    let cut_path = folder.0.join("cut.y4m");
    std::fs::write(&cut_path, cut).expect("write");
    let (success, lines, stderr) = replay(&[cut_path.as_os_str()]);
    assert!(!success);
    assert_eq!(
        lines.len(),
        1,
        "the whole first frame is still scanned: {lines:?}"
    );
    assert!(lines[0].starts_with("0\t-\t"), "{lines:?}");
    assert!(stderr.contains("frame 1 is cut short"), "{stderr}");

    let not_video = folder.0.join("photo.y4m");
    std::fs::write(&not_video, b"\x89PNG not a video").expect("write");
    let (success, lines, stderr) = replay(&[not_video.as_os_str()]);
    assert!(!success && lines.is_empty());
    assert!(stderr.contains("not a YUV4MPEG2 video"), "{stderr}");

    let (success, _, stderr) = replay(&[folder.0.join("missing.y4m").as_os_str()]);
    assert!(!success);
    assert!(stderr.contains("missing.y4m"), "{stderr}");
}
