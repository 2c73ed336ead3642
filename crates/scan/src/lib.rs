//! Reads device IDs from camera frames and pictures.
//!
//! A customer points the phone at the code on a device or its box: a QR code first, or the
//! Data Matrix or Code 128 barcode that boxes and labels often carry. Frames from a phone in
//! a shop or on a bus are small, tilted, blurred, noisy and badly lit, so the [`Scanner`]
//! tries a ladder of cheap passes (scales, contrast stretching, denoising, sharpening,
//! several thresholds) within a time budget, and turns the first code it reads into a
//! [`DeviceId`] only if the ID's check character is right. It never returns an unchecked ID.
//!
//! A photo gets that whole ladder; a live camera gets a [`LiveScanner`] per scanning
//! session instead. The ladder's 200 ms budget is spent in full on every frame that holds
//! no readable code, which is most frames while the customer aims, so a camera would be
//! decoded at under 5 frames a second with a core at 100 %. The live scanner gives each
//! frame the cheap pass and a share of the expensive ones within a frame's time (30 ms),
//! looks first where a code was seen, and keeps the same check-character rule.
//!
//! ```no_run
//! use companion_scan::{GreyFrame, Scanner};
//! # fn camera_frame() -> (usize, usize, usize, Vec<u8>) { (1280, 720, 1280, vec![0; 1280 * 720]) }
//! let (width, height, stride, bytes) = camera_frame();
//! let frame = GreyFrame::new(width, height, stride, &bytes)?;
//! match Scanner::default().scan(&frame) {
//!     Ok(id) => println!("{id}"),
//!     Err(reason) => println!("{reason}"),
//! }
//! # Ok::<(), companion_scan::FrameError>(())
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::path::Path;

pub use companion_domain::DeviceId;

pub use error::{FrameError, ScanError};
pub use frame::{GreyFrame, MAX_PIXELS};
pub use live::LiveScanner;
pub use page::{scan_page_frame, scan_page_photo, FrameMiss};
pub use scanner::{Code, Scanner};
pub use y4m::{VideoError, Y4mReader};

mod enhance;
mod error;
mod frame;
mod ladder;
mod live;
mod page;
mod payload;
mod picture;
mod read;
mod region;
mod scanner;
mod y4m;

#[cfg(test)]
#[path = "../tests/support/mod.rs"]
mod synth;

/// The kinds of code a device ID may be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeFormat {
    /// A QR code: what devices and boxes carry first.
    Qr,
    /// A Data Matrix code, common on small labels.
    DataMatrix,
    /// A Code 128 barcode, common on box labels.
    Code128,
}

impl fmt::Display for CodeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CodeFormat::Qr => "QR",
            CodeFormat::DataMatrix => "Data Matrix",
            CodeFormat::Code128 => "Code 128",
        })
    }
}

/// Reads a device ID from a grey frame with the default time budget.
pub fn scan_frame(frame: &GreyFrame<'_>) -> Result<DeviceId, ScanError> {
    Scanner::default().scan(frame)
}

/// Reads a device ID from a PNG or JPEG file with the default time budget.
pub fn scan_picture(path: &Path) -> Result<DeviceId, ScanError> {
    Scanner::default().scan_plane(picture::load(path)?)
}

/// Reads a device ID from the bytes of a PNG or JPEG picture (a photo the customer picked
/// in the app) with the default time budget.
pub fn scan_picture_bytes(bytes: &[u8]) -> Result<DeviceId, ScanError> {
    Scanner::default().scan_plane(picture::load_bytes(bytes)?)
}
