//! The `scan-device-id` tool on picture files written by the test.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use companion_domain::DeviceId;
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, ImageFormat};
use support::{Kind, Rng, Scene, Symbol};

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
