//! Picture files (PNG, JPEG) turned into grey planes.

use std::io::Cursor;
use std::path::Path;

use image::ImageReader;

use crate::error::ScanError;
use crate::frame::{Plane, MAX_PIXELS};

/// Decodes a PNG or JPEG file to grey levels. The format is guessed from the first bytes,
/// not the name (phones save JPEGs as `.png` and vice versa), and the size is checked from
/// the header before any pixel is decoded, so a huge picture is refused cheaply.
pub fn load(path: &Path) -> Result<Plane, ScanError> {
    let bytes = std::fs::read(path).map_err(image::ImageError::IoError)?;
    load_bytes(&bytes)
}

/// Like [`load`], for a picture already in memory (a photo handed over by the app).
pub fn load_bytes(bytes: &[u8]) -> Result<Plane, ScanError> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(image::ImageError::IoError)
    };
    let (width, height) = reader()?.into_dimensions()?;
    let (width, height) = (width as usize, height as usize);
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(crate::FrameError::TooLarge { width, height }.into());
    }
    let grey = reader()?.decode()?.into_luma8();
    Ok(Plane {
        width: grey.width() as usize,
        height: grey.height() as usize,
        pixels: grey.into_raw(),
    })
}
