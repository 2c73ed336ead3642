//! Grey frames as the camera layer hands them over, and the packed planes the decoder works on.

use crate::error::FrameError;

/// The largest frame accepted, in pixels (a 12-megapixel photo). Larger sizes are refused
/// rather than copied, so a wrong width or height cannot exhaust memory.
pub const MAX_PIXELS: usize = 4096 * 3072;

/// A borrowed 8-bit grey frame: the Y plane of a camera frame or a decoded picture.
///
/// Camera APIs pad rows, so a frame has a stride (bytes from one row to the next) that may
/// exceed its width. Built through [`GreyFrame::new`], so a frame that exists is consistent.
#[derive(Debug, Clone, Copy)]
pub struct GreyFrame<'a> {
    width: usize,
    height: usize,
    stride: usize,
    bytes: &'a [u8],
}

impl<'a> GreyFrame<'a> {
    /// Checks that the geometry fits the buffer; trailing bytes after the last row are allowed
    /// because camera buffers often have them.
    pub fn new(
        width: usize,
        height: usize,
        stride: usize,
        bytes: &'a [u8],
    ) -> Result<Self, FrameError> {
        if width == 0 || height == 0 {
            return Err(FrameError::Empty { width, height });
        }
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err(FrameError::TooLarge { width, height });
        }
        if stride < width {
            return Err(FrameError::StrideTooSmall { stride, width });
        }
        let needed = stride
            .checked_mul(height - 1)
            .and_then(|n| n.checked_add(width))
            .ok_or(FrameError::TooLarge { width, height })?;
        if bytes.len() < needed {
            return Err(FrameError::BufferTooSmall {
                needed,
                found: bytes.len(),
            });
        }
        Ok(Self {
            width,
            height,
            stride,
            bytes,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The pixels of row `y` (without padding).
    pub(crate) fn row(&self, y: usize) -> &'a [u8] {
        let start = y * self.stride;
        &self.bytes[start..start + self.width]
    }
}

/// A packed grey image owned by the decoder: the frame copied without padding, or a scaled
/// or filtered version of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plane {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` bytes, row after row.
    pub pixels: Vec<u8>,
}

impl Plane {
    /// Copies a frame, dropping row padding.
    pub fn from_frame(frame: &GreyFrame<'_>) -> Self {
        let mut pixels = Vec::with_capacity(frame.width * frame.height);
        for y in 0..frame.height {
            pixels.extend_from_slice(frame.row(y));
        }
        Self {
            width: frame.width,
            height: frame.height,
            pixels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_padded_frame_is_copied_without_its_padding() {
        let bytes = [1, 2, 0, 3, 4, 0];
        let frame = GreyFrame::new(2, 2, 3, &bytes).expect("consistent frame");
        let plane = Plane::from_frame(&frame);
        assert_eq!(plane.pixels, vec![1, 2, 3, 4]);
    }

    #[test]
    fn the_last_row_needs_no_padding() {
        let bytes = [1, 2, 0, 3, 4];
        assert!(GreyFrame::new(2, 2, 3, &bytes).is_ok());
    }

    #[test]
    fn inconsistent_geometry_is_refused() {
        let bytes = [0u8; 5];
        assert_eq!(
            GreyFrame::new(0, 2, 2, &bytes).err(),
            Some(FrameError::Empty {
                width: 0,
                height: 2
            })
        );
        assert_eq!(
            GreyFrame::new(3, 2, 2, &bytes).err(),
            Some(FrameError::StrideTooSmall {
                stride: 2,
                width: 3
            })
        );
        assert_eq!(
            GreyFrame::new(3, 2, 3, &bytes).err(),
            Some(FrameError::BufferTooSmall {
                needed: 6,
                found: 5
            })
        );
        assert!(matches!(
            GreyFrame::new(usize::MAX / 2, 4, usize::MAX / 2, &bytes),
            Err(FrameError::TooLarge { .. })
        ));
    }
}
