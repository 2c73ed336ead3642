//! Why a scan gave no device ID.

use companion_domain::DeviceIdError;

use crate::CodeFormat;

/// Why a frame or picture gave no device ID. The app shows a different hint for each: move
/// closer, this is some other code, or the printed ID is damaged.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// No code could be read within the time budget.
    #[error("no code found")]
    NoCode,
    /// A code was read, but what it says is not a device ID (a shop's link, a serial number…).
    #[error("the {format} code is not a device ID ({reason}): {payload:?}")]
    NotADeviceId {
        /// Which kind of code was read.
        format: CodeFormat,
        /// What the code says, for logs and support.
        payload: String,
        /// Why the payload is not a device ID.
        reason: DeviceIdError,
    },
    /// A code holds a device ID whose check character does not match: the printed ID is
    /// wrong, so it must not be registered.
    #[error("the {format} code holds a device ID with a wrong check character: {payload:?}")]
    WrongCheckCharacter {
        /// Which kind of code was read.
        format: CodeFormat,
        /// What the code says.
        payload: String,
    },
    /// The frame's size, stride and buffer do not agree.
    #[error("invalid frame: {0}")]
    InvalidFrame(#[from] FrameError),
    /// The picture file could not be read or decoded.
    #[error("cannot read the picture: {0}")]
    Picture(#[from] image::ImageError),
}

/// What is inconsistent in a grey frame handed in by the camera layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// Width or height is zero.
    #[error("the frame is empty ({width}x{height})")]
    Empty {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
    },
    /// A row is shorter than the frame is wide.
    #[error("the stride {stride} is smaller than the width {width}")]
    StrideTooSmall {
        /// Bytes from one row to the next.
        stride: usize,
        /// Width in pixels.
        width: usize,
    },
    /// The buffer ends before the last row does.
    #[error("the buffer has {found} bytes; the frame needs {needed}")]
    BufferTooSmall {
        /// Bytes the frame's geometry needs.
        needed: usize,
        /// Bytes given.
        found: usize,
    },
    /// More pixels than any camera frame we expect; refused so a bad size cannot exhaust
    /// memory.
    #[error("the frame is too large ({width}x{height})")]
    TooLarge {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
    },
}
