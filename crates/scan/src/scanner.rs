//! The decoder: runs the ladder of passes over a frame within a time budget.

use std::time::{Duration, Instant};

use companion_domain::DeviceId;

use crate::error::ScanError;
use crate::frame::{GreyFrame, Plane};
use crate::ladder::{Planes, LADDER};
use crate::payload;
use crate::read;
use crate::CodeFormat;

/// Reads device IDs from frames. Cheap to create; holds only its settings.
#[derive(Debug, Clone, Copy)]
pub struct Scanner {
    budget: Duration,
}

impl Default for Scanner {
    /// A budget of 200 ms. Most frames are read in the first few milliseconds; the budget
    /// only bounds frames without a readable code (a live camera delivers the next frame
    /// meanwhile, and it may be sharper). 200 ms reaches the turned passes that tilted
    /// barcodes need on the benchmark machine.
    fn default() -> Self {
        Self {
            budget: Duration::from_millis(200),
        }
    }
}

impl Scanner {
    /// A scanner that starts no new pass once `budget` has elapsed on a frame. A pass that has
    /// started always finishes, so a frame may take one pass longer than the budget.
    pub fn with_budget(budget: Duration) -> Self {
        Self { budget }
    }

    /// Reads the first code in the frame and returns its device ID.
    ///
    /// The first code read decides: QR and Data Matrix payloads are protected by
    /// Reed–Solomon codes and Code 128 by its own checksum, so another pass would read the
    /// same text. A payload becomes an ID only if its check character is right.
    pub fn scan(&self, frame: &GreyFrame<'_>) -> Result<DeviceId, ScanError> {
        self.scan_plane(Plane::from_frame(frame))
    }

    /// As [`Scanner::scan`], for a plane the crate already owns (a decoded picture).
    pub(crate) fn scan_plane(&self, plane: Plane) -> Result<DeviceId, ScanError> {
        match self.first_code(plane) {
            Some(found) => payload::device_id(found),
            None => Err(ScanError::NoCode),
        }
    }

    /// Reads the first code in the frame and says what it holds, an ID or not, without
    /// the check-character test: for benchmarks that compare payloads with other decoders'
    /// byte for byte (photos of codes that hold links, text, other languages' scripts).
    pub fn read_code(&self, frame: &GreyFrame<'_>) -> Option<Code> {
        self.first_code(Plane::from_frame(frame)).map(|found| Code {
            format: found.format,
            text: found.text,
        })
    }

    /// Runs the ladder until a pass reads a code or the budget ends.
    fn first_code(&self, plane: Plane) -> Option<read::Payload> {
        let started = Instant::now();
        let mut planes = Planes::new(plane);
        for (index, pass) in LADDER.iter().enumerate() {
            if index > 0 && started.elapsed() > self.budget {
                break;
            }
            let prepared = planes.get(pass.scale, pass.filter);
            if let Some(found) = read::read(prepared, pass.binarization, pass.readers()) {
                return Some(found);
            }
        }
        None
    }
}

/// What a code says, before anyone decided whether it is a device ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The kind of code read.
    pub format: CodeFormat,
    /// Its text, error-corrected by the code's own redundancy.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use companion_domain::DeviceIdError;

    use super::*;
    use crate::synth::{Kind, Rng, Scene, Symbol};

    const WIDTH: usize = 320;
    const HEIGHT: usize = 240;

    fn id(seed: u64) -> DeviceId {
        DeviceId::with_check_character(&Rng(seed).id_body()).expect("a valid body")
    }

    fn scan(kind: Kind, text: &str, scene: &Scene) -> Result<DeviceId, ScanError> {
        let pixels = scene.render(&Symbol::encode(kind, text));
        let frame = GreyFrame::new(scene.width, scene.height, scene.width, &pixels)
            .expect("a consistent frame");
        Scanner::with_budget(Duration::from_secs(60)).scan(&frame)
    }

    #[test]
    fn a_plain_qr_code_with_a_bare_id_is_read() {
        let id = id(1);
        let scene = Scene::plain(WIDTH, HEIGHT, 120.0);
        assert_eq!(scan(Kind::Qr, id.as_str(), &scene).ok(), Some(id));
    }

    #[test]
    fn a_tilted_blurred_noisy_low_contrast_qr_code_is_read() {
        let id = id(2);
        let scene = Scene {
            rotation: 35.0,
            tilt: 0.2,
            ink: 90.0,
            paper: 150.0,
            shading: 0.3,
            blur: 1,
            noise: 6.0,
            clutter: 10,
            centre: (0.45, 0.55),
            ..Scene::plain(WIDTH, HEIGHT, 110.0)
        };
        assert_eq!(scan(Kind::Qr, &id.display_grouped(), &scene).ok(), Some(id));
    }

    #[test]
    fn an_id_at_the_end_of_a_url_is_read() {
        let id = id(3);
        let url = format!("https://example.pt/d/{}?src=box", id.as_str());
        let scene = Scene {
            rotation: -20.0,
            ..Scene::plain(WIDTH, HEIGHT, 150.0)
        };
        assert_eq!(scan(Kind::Qr, &url, &scene).ok(), Some(id));
    }

    #[test]
    fn a_barcode_tilted_past_what_row_scans_tolerate_is_read_by_a_turned_pass() {
        let id = id(8);
        let barcode = Scene {
            rotation: 22.0,
            ..Scene::plain(2 * WIDTH, 2 * HEIGHT, 100.0)
        };
        assert_eq!(scan(Kind::Code128, id.as_str(), &barcode).ok(), Some(id));
    }

    #[test]
    fn a_light_code_on_a_dark_surface_is_read() {
        let id = id(4);
        let scene = Scene {
            ink: 220.0,
            paper: 30.0,
            ..Scene::plain(WIDTH, HEIGHT, 120.0)
        };
        assert_eq!(scan(Kind::Qr, id.as_str(), &scene).ok(), Some(id));
    }

    #[test]
    fn data_matrix_and_code_128_are_read() {
        let id = id(5);
        let scene = Scene {
            rotation: 10.0,
            ..Scene::plain(WIDTH, HEIGHT, 100.0)
        };
        assert_eq!(scan(Kind::DataMatrix, id.as_str(), &scene).ok(), Some(id));
        // A barcode is about four times as wide as it is high: a wider frame gives its
        // modules 2.5 pixels each.
        let barcode = Scene {
            rotation: 5.0,
            ..Scene::plain(2 * WIDTH, HEIGHT, 100.0)
        };
        assert_eq!(scan(Kind::Code128, id.as_str(), &barcode).ok(), Some(id));
    }

    #[test]
    fn a_code_that_is_not_a_device_id_is_refused_with_its_payload() {
        let scene = Scene::plain(WIDTH, HEIGHT, 150.0);
        match scan(Kind::Qr, "https://example.com/hello", &scene) {
            Err(ScanError::NotADeviceId {
                format,
                payload,
                reason,
            }) => {
                assert_eq!(format, CodeFormat::Qr);
                assert_eq!(payload, "https://example.com/hello");
                assert_eq!(reason, DeviceIdError::WrongLength { found: 5 });
            }
            other => panic!("expected NotADeviceId, got {other:?}"),
        }
    }

    #[test]
    fn an_id_with_a_wrong_check_character_is_never_returned() {
        let id = id(6);
        for kind in [Kind::Qr, Kind::DataMatrix] {
            for wrong in b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".iter().take(4) {
                if id.as_str().as_bytes()[11] == *wrong {
                    continue;
                }
                let text = format!("{}{}", &id.as_str()[..11], *wrong as char);
                let scene = Scene::plain(WIDTH, HEIGHT, 100.0);
                assert!(
                    matches!(
                        scan(kind, &text, &scene),
                        Err(ScanError::WrongCheckCharacter { .. })
                    ),
                    "{kind:?} {text} was not refused"
                );
            }
        }
    }

    #[test]
    fn a_frame_without_a_code_gives_no_code() {
        let scene = Scene {
            clutter: 30,
            noise: 4.0,
            ..Scene::plain(WIDTH, HEIGHT, 0.5)
        };
        // A symbol half a pixel high is no symbol at all; the clutter remains.
        assert!(matches!(
            scan(Kind::Qr, "X", &scene),
            Err(ScanError::NoCode)
        ));
    }

    #[test]
    fn a_zero_budget_still_runs_the_first_pass() {
        let id = id(7);
        let scene = Scene::plain(WIDTH, HEIGHT, 150.0);
        let pixels = scene.render(&Symbol::encode(Kind::Qr, id.as_str()));
        let frame = GreyFrame::new(WIDTH, HEIGHT, WIDTH, &pixels).expect("consistent frame");
        assert_eq!(
            Scanner::with_budget(Duration::ZERO).scan(&frame).ok(),
            Some(id)
        );
    }
}

#[cfg(test)]
mod picture_bytes_tests {
    use crate::synth::{Kind, Scene, Symbol};
    use crate::{scan_picture_bytes, DeviceId, ScanError};

    #[test]
    fn a_photo_in_memory_is_read_and_garbage_is_a_clear_error() {
        let id = DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
        let scene = Scene::plain(1280, 720, 200.0);
        let pixels = scene.render(&Symbol::encode(Kind::Qr, id.as_str()));
        let picture = image::GrayImage::from_raw(1280, 720, pixels).expect("fills");
        let mut png = Vec::new();
        picture
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode PNG");
        assert_eq!(scan_picture_bytes(&png).ok(), Some(id));
        assert!(matches!(
            scan_picture_bytes(b"not a picture at all"),
            Err(ScanError::Picture(_))
        ));
        assert!(matches!(
            scan_picture_bytes(&png[..png.len() / 2]),
            Err(ScanError::Picture(_))
        ));
    }
}
