//! Frames and photos as the app's camera page sends them: base64 text in a JSON message.
//!
//! Every camera frame is about 1.2 MB of base64 (1280 × 720 luma), decoded and measured
//! before the scanner sees it. That work is here, in the scanner's crate, rather than in the
//! app's, so that it is compiled with the scanner's optimisation level: the phone package
//! builds the app's own crate for size (`[profile.dist]` in the workspace's `Cargo.toml`),
//! the scanner's for speed, and generic code (base64's decoder) is compiled at the level of
//! the crate that calls it.

use base64::Engine;

use crate::{DeviceId, GreyFrame, LiveScanner, ScanError};

/// Why a page frame gave no ID, and how bright it was on average (0–255; `None` when it
/// carried no pixels), so the app can tell the customer to find more light.
pub type FrameMiss = (ScanError, Option<u64>);

/// Reads one camera frame of `width × height` luma bytes, sent as base64, with the
/// session's live scanner. Text that is not base64 is an empty frame (the size check then
/// says it is broken), never a panic.
pub fn scan_page_frame(
    scanner: &mut LiveScanner,
    width: usize,
    height: usize,
    grey_base64: &str,
) -> Result<DeviceId, FrameMiss> {
    let bytes = decode(grey_base64);
    let frame = GreyFrame::new(width, height, width, &bytes).map_err(|e| (e.into(), None))?;
    scanner
        .scan(&frame)
        .map_err(|error| (error, mean_grey(&bytes)))
}

/// Reads a photo the customer picked, sent as its file's bytes in base64 (empty when the
/// page could not read the file: then an unreadable photo).
pub fn scan_page_photo(data_base64: &str) -> Result<DeviceId, ScanError> {
    crate::scan_picture_bytes(&decode(data_base64))
}

fn decode(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_default()
}

fn mean_grey(bytes: &[u8]) -> Option<u64> {
    let count = u64::try_from(bytes.len()).ok().filter(|&n| n > 0)?;
    Some(bytes.iter().map(|&b| u64::from(b)).sum::<u64>() / count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_grey_is_the_average_byte_and_none_without_pixels() {
        assert_eq!(mean_grey(&[0, 10, 20, 250]), Some(70));
        assert_eq!(mean_grey(&[]), None);
    }

    #[test]
    fn text_that_is_not_base64_is_a_broken_frame_not_a_panic() {
        let mut scanner = LiveScanner::default();
        let (error, mean) = scan_page_frame(&mut scanner, 4, 4, "%%% not base64").unwrap_err();
        assert!(matches!(error, ScanError::InvalidFrame(_)), "{error:?}");
        assert_eq!(mean, None);
        assert!(scan_page_photo("%%%").is_err());
    }

    #[test]
    fn a_dark_empty_frame_reports_its_brightness() {
        let mut scanner = LiveScanner::default();
        let grey = base64::engine::general_purpose::STANDARD.encode([12u8; 64 * 48]);
        let (_, mean) = scan_page_frame(&mut scanner, 64, 48, &grey).unwrap_err();
        assert_eq!(mean, Some(12));
    }
}
