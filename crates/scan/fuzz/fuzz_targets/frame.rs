//! Any bytes as a grey frame: the scanner must answer (an ID or an error), never crash, and
//! any ID it answers must carry a valid check character.
#![no_main]

use std::time::Duration;

use companion_scan::{DeviceId, GreyFrame, Scanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    // Small frames keep each run fast; the first three bytes choose the geometry, so the
    // fuzzer also explores inconsistent ones (stride, buffer size).
    let width = usize::from(data[0] % 96) + 1;
    let height = usize::from(data[1] % 96) + 1;
    let stride = width + usize::from(data[2] % 4);
    let pixels = &data[3..];
    let Ok(frame) = GreyFrame::new(width, height, stride, pixels) else {
        return;
    };
    // A generous budget: the ladder runs to its end on most inputs, so every pass is fuzzed.
    if let Ok(id) = Scanner::with_budget(Duration::from_secs(5)).scan(&frame) {
        assert_eq!(DeviceId::parse(id.as_str()), Ok(id));
    }
});
