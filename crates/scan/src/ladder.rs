//! The sequence of decoding passes tried on a frame, cheapest and most likely first.
//!
//! The best open decoders read hard frames by trying again differently rather than by one
//! clever pass: other scales, contrast stretching, denoising, other thresholds. On a
//! 1280×720 frame a pass costs from about 1 ms (half scale) to a few tens of milliseconds
//! (enlarged, or a cluttered frame); most frames are read by the first or second, and a
//! frame without any code runs them until the time budget ends.

use crate::enhance;
use crate::frame::Plane;
use crate::read::{Binarization, Readers};

/// Size of the plane a pass works on, relative to the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Half width and height: four times cheaper, and averaging removes noise.
    Half,
    /// The frame as given.
    Full,
    /// One and a half times: for codes whose modules are only about two pixels wide.
    Enlarged,
}

/// What is done to the grey levels before binarizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Nothing.
    None,
    /// Contrast stretched to the full grey range.
    Stretch,
    /// Denoised, then stretched.
    SmoothStretch,
    /// Sharpened, then stretched.
    SharpenStretch,
    /// Denoised, then thresholded against the mean of a window of this radius: follows small
    /// or blurred modules that the binarizer's coarser blocks smear together.
    SmoothThreshold(u16),
    /// Stretched and inverted, for light codes on a dark surface (laser marks on a device).
    Invert,
    /// Denoised, stretched, turned by this many degrees and thresholded locally, for tilted
    /// barcodes.
    Turned(i16),
}

/// Which readers a pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    /// QR, Data Matrix and Code 128.
    All,
    /// QR and Data Matrix: for passes that help small or faint two-dimensional codes, where
    /// scanning every row (and the frame turned by 90°) for a barcode would double the cost.
    Matrix,
    /// Only Code 128: the pass turned the frame, which only helps codes read along rows.
    Linear,
}

/// One decoding pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Plane size.
    pub scale: Scale,
    /// Grey-level filter.
    pub filter: Filter,
    /// Thresholding method.
    pub binarization: Binarization,
    /// Whether the readers look harder (slower).
    pub try_harder: bool,
    /// Which readers run.
    pub formats: Formats,
}

/// A pass over all formats.
pub(crate) const fn pass(
    scale: Scale,
    filter: Filter,
    binarization: Binarization,
    try_harder: bool,
) -> Pass {
    Pass {
        scale,
        filter,
        binarization,
        try_harder,
        formats: Formats::All,
    }
}

/// A pass for QR and Data Matrix only, looking hard.
pub(crate) const fn matrix(scale: Scale, filter: Filter) -> Pass {
    Pass {
        formats: Formats::Matrix,
        ..pass(scale, filter, Binarization::Hybrid, true)
    }
}

/// A Code 128 pass on the frame turned by `degrees`.
pub(crate) const fn turned(degrees: i16) -> Pass {
    Pass {
        scale: Scale::Full,
        filter: Filter::Turned(degrees),
        binarization: Binarization::Hybrid,
        try_harder: true,
        formats: Formats::Linear,
    }
}

/// The passes in the order they are tried. The order was tuned on the benchmark set
/// (`scripts/bench-scan.sh`): the first pass is the cheapest that reads most frames, the
/// next ones are ordered by how many of the remaining frames each reads; the turned passes
/// come last because they help only Code 128 and cost a full-frame resampling each.
pub const LADDER: &[Pass] = {
    use Binarization::*;
    use Filter::*;
    use Scale::*;
    &[
        pass(Half, None, Hybrid, false),
        pass(Full, SmoothThreshold(24), Hybrid, true),
        matrix(Full, Stretch),
        matrix(Full, SmoothStretch),
        pass(Half, SmoothStretch, Hybrid, true),
        pass(Full, Stretch, GlobalHistogram, true),
        turned(12),
        turned(-12),
        turned(24),
        turned(-24),
        matrix(Enlarged, SmoothThreshold(16)),
        matrix(Full, Invert),
        matrix(Enlarged, SmoothThreshold(32)),
        matrix(Enlarged, Stretch),
        matrix(Full, SharpenStretch),
        turned(36),
        turned(-36),
    ]
};

impl Pass {
    /// The readers this pass runs.
    pub fn readers(&self) -> Readers {
        let matrix = self.formats != Formats::Linear;
        Readers {
            qr: matrix,
            data_matrix: matrix,
            code128: self.formats != Formats::Matrix,
            try_harder: self.try_harder,
        }
    }
}

/// Planes already made for earlier passes of the same frame, so no filter runs twice.
pub struct Planes {
    made: Vec<((Scale, Filter), Plane)>,
}

impl Planes {
    /// Starts from the frame itself (full scale, no filter).
    pub fn new(full: Plane) -> Self {
        Self {
            made: vec![((Scale::Full, Filter::None), full)],
        }
    }

    /// The plane for a scale and filter, made (and kept) on first use.
    pub fn get(&mut self, scale: Scale, filter: Filter) -> &Plane {
        let key = (scale, filter);
        if let Some(index) = self.made.iter().position(|(k, _)| *k == key) {
            return &self.made[index].1;
        }
        let plane = self.make(scale, filter);
        self.made.push((key, plane));
        &self.made[self.made.len() - 1].1
    }

    fn make(&mut self, scale: Scale, filter: Filter) -> Plane {
        if filter == Filter::None {
            let full = self.get(Scale::Full, Filter::None);
            return match scale {
                Scale::Half => enhance::half(full),
                Scale::Full => full.clone(),
                Scale::Enlarged => enhance::enlarge(full),
            };
        }
        let base = self.get(scale, Filter::None);
        match filter {
            Filter::None | Filter::Stretch => enhance::stretch(base),
            Filter::SmoothStretch => enhance::stretch(&enhance::smooth(base)),
            Filter::SharpenStretch => enhance::stretch(&enhance::sharpen(base)),
            Filter::SmoothThreshold(radius) => {
                enhance::threshold_local(&enhance::smooth(base), usize::from(radius), 5)
            }
            Filter::Invert => enhance::invert(&enhance::stretch(base)),
            Filter::Turned(degrees) => {
                // Thresholded after turning: the barcode reader thresholds whole rows at
                // once, which uneven light defeats.
                let level = self.get(scale, Filter::SmoothStretch);
                enhance::threshold_local(&enhance::rotate(level, f32::from(degrees)), 24, 5)
            }
        }
    }
}
