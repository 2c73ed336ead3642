//! One decoding pass of the barcode library over one prepared plane.
//!
//! rxing (a Rust port of ZXing, with zxing-cpp's QR detector) does the detection and error
//! correction; this module only chooses the binarizer and the readers, and keeps rxing's
//! types out of the rest of the crate.

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::datamatrix::DataMatrixReader;
use rxing::oned::Code128Reader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::qrcode::QRCodeReader;
use rxing::{Binarizer, BinaryBitmap, DecodeHints, Luma8Source, RXingResult, Reader};

use crate::frame::Plane;
use crate::CodeFormat;

/// What a code says, before anyone decided whether it is a device ID.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The kind of code that was read.
    pub format: CodeFormat,
    /// The decoded text, error-corrected by the code's own redundancy.
    pub text: String,
    /// Where the reader found the code (finder patterns, corners or the ends of the bars),
    /// in the pixels of the plane it read: the live scanner looks there first in the next
    /// frames. Empty when the reader gave no points.
    pub points: Vec<(f32, f32)>,
}

/// How grey levels become black and white modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binarization {
    /// ZXing's local thresholding over 8×8 blocks: copes with uneven light.
    Hybrid,
    /// One threshold for the whole frame from its histogram: copes with blur and noise that
    /// confuse local thresholds, as long as the light is even.
    GlobalHistogram,
}

/// Which readers a pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readers {
    /// QR codes (zxing-cpp's detector, then ZXing's as a fallback).
    pub qr: bool,
    /// Data Matrix codes.
    pub data_matrix: bool,
    /// Code 128 barcodes (row scans; with `try_harder` also the frame turned by 90°).
    pub code128: bool,
    /// Scan every row and look harder for finder patterns: slower, finds smaller codes.
    pub try_harder: bool,
}

/// Runs the chosen readers on one plane and returns the first code read.
pub fn read(plane: &Plane, binarization: Binarization, readers: Readers) -> Option<Payload> {
    let Ok(source) = Luma8Source::new_with_slice(
        &plane.pixels,
        u32::try_from(plane.width).ok()?,
        u32::try_from(plane.height).ok()?,
    ) else {
        return None;
    };
    match binarization {
        Binarization::Hybrid => run(BinaryBitmap::new(HybridBinarizer::new(source)), readers),
        Binarization::GlobalHistogram => run(
            BinaryBitmap::new(GlobalHistogramBinarizer::new(source)),
            readers,
        ),
    }
}

fn run<B: Binarizer>(mut bitmap: BinaryBitmap<B>, readers: Readers) -> Option<Payload> {
    let hints = DecodeHints {
        TryHarder: Some(readers.try_harder),
        ..DecodeHints::default()
    };
    if readers.qr {
        if let Some(found) = first(QrReader.decode_with_hints(&mut bitmap, &hints)) {
            return Some(found);
        }
        if let Some(found) = first(QRCodeReader.decode_with_hints(&mut bitmap, &hints)) {
            return Some(found);
        }
    }
    if readers.data_matrix {
        if let Some(found) = first(DataMatrixReader.decode_with_hints(&mut bitmap, &hints)) {
            return Some(found);
        }
    }
    if readers.code128 {
        if let Some(found) = first(Code128Reader.decode_with_hints(&mut bitmap, &hints)) {
            return Some(found);
        }
    }
    None
}

fn first(result: rxing::common::Result<RXingResult>) -> Option<Payload> {
    let result = result.ok()?;
    let format = match result.getBarcodeFormat() {
        rxing::BarcodeFormat::QR_CODE => CodeFormat::Qr,
        rxing::BarcodeFormat::DATA_MATRIX => CodeFormat::DataMatrix,
        rxing::BarcodeFormat::CODE_128 => CodeFormat::Code128,
        _ => return None,
    };
    Some(Payload {
        format,
        text: result.getText().to_string(),
        points: result.getPoints().iter().map(|p| (p.x, p.y)).collect(),
    })
}
