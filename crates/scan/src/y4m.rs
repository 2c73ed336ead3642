//! YUV4MPEG2 (`.y4m`) videos: the raw format Chromium's fake camera plays, which the tests
//! and the benchmark write. Only the Y (luma) plane is kept, which is the grey frame the
//! camera screen decodes; the colour planes are skipped.
//!
//! A file is a header line (`YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg`) and then, for
//! each frame, a line starting with `FRAME` (optionally followed by parameters) and the
//! planes, rows without padding.

use std::io::{BufRead, BufReader, Read};

use crate::error::FrameError;
use crate::frame::{GreyFrame, MAX_PIXELS};

/// Why a video could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    /// The file could not be read.
    #[error("cannot read the video: {0}")]
    Io(#[from] std::io::Error),
    /// The file does not start with the YUV4MPEG2 signature.
    #[error("not a YUV4MPEG2 video (it does not start with \"YUV4MPEG2 \")")]
    NotY4m,
    /// A header line is longer than any real one, or not text.
    #[error("the {0} header line is too long or not text")]
    BadLine(&'static str),
    /// The header has no width or no height.
    #[error("the header gives no {0}")]
    Missing(&'static str),
    /// A header number does not parse.
    #[error("the header's {name} is not a number: {value:?}")]
    BadNumber {
        /// Which parameter.
        name: &'static str,
        /// What it says.
        value: String,
    },
    /// A colour space other than the 8-bit ones.
    #[error("unsupported colour space {0:?} (8-bit 420, 422, 444, 411 or mono only)")]
    Unsupported(String),
    /// The frame size is empty or too large.
    #[error("invalid frame size: {0}")]
    Size(#[from] FrameError),
    /// A frame does not start with its `FRAME` line.
    #[error("frame {index} does not start with FRAME")]
    NoFrameMarker {
        /// Index of the frame, from 0.
        index: usize,
    },
    /// The file ends in the middle of a frame.
    #[error("frame {index} is cut short: the file ends inside it")]
    Truncated {
        /// Index of the frame, from 0.
        index: usize,
    },
}

/// Reads the frames of a YUV4MPEG2 stream one after another.
pub struct Y4mReader<R> {
    input: BufReader<R>,
    width: usize,
    height: usize,
    /// Bytes of the colour planes that follow the Y plane in each frame.
    chroma: u64,
    luma: Vec<u8>,
    index: usize,
}

/// Longest header or `FRAME` line accepted: real ones are under a hundred bytes.
const MAX_LINE: u64 = 4096;

impl<R: Read> Y4mReader<R> {
    /// Reads and checks the stream header.
    pub fn new(input: R) -> Result<Self, VideoError> {
        let mut input = BufReader::new(input);
        if !input.fill_buf()?.starts_with(b"YUV4MPEG2 ") {
            return Err(VideoError::NotY4m);
        }
        let line = read_line(&mut input, "stream")?.ok_or(VideoError::NotY4m)?;
        let params = line.strip_prefix("YUV4MPEG2 ").ok_or(VideoError::NotY4m)?;
        let (mut width, mut height, mut colour) = (None, None, "420jpeg");
        for token in params.split(' ').filter(|t| !t.is_empty()) {
            let (tag, value) = token.split_at(1);
            match tag {
                "W" => width = Some(number("width", value)?),
                "H" => height = Some(number("height", value)?),
                "C" => colour = value,
                // Frame rate, interlacing, aspect ratio and extensions do not matter here.
                _ => {}
            }
        }
        let width = width.ok_or(VideoError::Missing("width"))?;
        let height = height.ok_or(VideoError::Missing("height"))?;
        if width == 0 || height == 0 {
            return Err(FrameError::Empty { width, height }.into());
        }
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err(FrameError::TooLarge { width, height }.into());
        }
        let chroma = chroma_bytes(colour, width, height)
            .ok_or_else(|| VideoError::Unsupported(colour.to_string()))?;
        Ok(Self {
            input,
            width,
            height,
            chroma,
            luma: vec![0; width * height],
            index: 0,
        })
    }

    /// Frame width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Frame height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The next frame's Y plane, or `None` at the end of the stream.
    pub fn next_frame(&mut self) -> Result<Option<GreyFrame<'_>>, VideoError> {
        let index = self.index;
        let Some(line) = read_line(&mut self.input, "FRAME")? else {
            return Ok(None);
        };
        if line != "FRAME" && !line.starts_with("FRAME ") {
            return Err(VideoError::NoFrameMarker { index });
        }
        let truncated = |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::UnexpectedEof => VideoError::Truncated { index },
            _ => VideoError::Io(error),
        };
        self.input.read_exact(&mut self.luma).map_err(truncated)?;
        let skipped = std::io::copy(
            &mut (&mut self.input).take(self.chroma),
            &mut std::io::sink(),
        )?;
        if skipped < self.chroma {
            return Err(VideoError::Truncated { index });
        }
        self.index += 1;
        Ok(Some(GreyFrame::new(
            self.width,
            self.height,
            self.width,
            &self.luma,
        )?))
    }
}

/// One line without its `\n`; `None` at the end of the stream.
fn read_line<R: Read>(
    input: &mut BufReader<R>,
    which: &'static str,
) -> Result<Option<String>, VideoError> {
    let mut bytes = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.pop() != Some(b'\n') {
        return Err(VideoError::BadLine(which));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| VideoError::BadLine(which))
}

fn number(name: &'static str, value: &str) -> Result<usize, VideoError> {
    value.parse().map_err(|_| VideoError::BadNumber {
        name,
        value: value.to_string(),
    })
}

/// Bytes of the colour planes (and alpha) per frame for an 8-bit colour space.
fn chroma_bytes(colour: &str, width: usize, height: usize) -> Option<u64> {
    let (w, h) = (width as u64, height as u64);
    let half_w = w.div_ceil(2);
    Some(match colour {
        "420jpeg" | "420paldv" | "420mpeg2" | "420" => 2 * half_w * h.div_ceil(2),
        "422" => 2 * half_w * h,
        "444" => 2 * w * h,
        "444alpha" => 3 * w * h,
        "411" => 2 * w.div_ceil(4) * h,
        "mono" => 0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(header: &str, frames: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut bytes = format!("{header}\n").into_bytes();
        for (marker, body) in frames {
            bytes.extend_from_slice(marker.as_bytes());
            bytes.push(b'\n');
            bytes.extend_from_slice(body);
        }
        bytes
    }

    fn lumas(bytes: &[u8]) -> Result<Vec<Vec<u8>>, VideoError> {
        let mut reader = Y4mReader::new(bytes)?;
        let mut out = Vec::new();
        while let Some(frame) = reader.next_frame()? {
            let mut luma = Vec::new();
            for y in 0..frame.height() {
                luma.extend_from_slice(frame.row(y));
            }
            out.push(luma);
        }
        Ok(out)
    }

    #[test]
    fn the_luma_of_each_frame_is_read_and_colour_skipped() {
        // 3×2 in 4:2:0: 6 luma bytes, then 2 × (2 × 1) chroma bytes.
        let bytes = video(
            "YUV4MPEG2 W3 H2 F30:1 Ip A1:1 C420jpeg XYSCSS=420JPEG",
            &[
                ("FRAME", vec![1, 2, 3, 4, 5, 6, 90, 90, 90, 90]),
                ("FRAME Ixyz", vec![7, 8, 9, 10, 11, 12, 91, 91, 91, 91]),
            ],
        );
        let frames = lumas(&bytes).expect("a valid video");
        assert_eq!(
            frames,
            vec![vec![1, 2, 3, 4, 5, 6], vec![7, 8, 9, 10, 11, 12]]
        );
    }

    #[test]
    fn other_eight_bit_colour_spaces_skip_the_right_number_of_bytes() {
        for (colour, chroma) in [
            ("C420paldv", 4),
            ("C420mpeg2", 4),
            ("C420", 4),
            ("C422", 8),
            ("C444", 16),
            ("C444alpha", 24),
            ("C411", 4),
            ("Cmono", 0),
        ] {
            let frame = |level: u8| {
                let mut body = vec![level; 8];
                body.extend(vec![77; chroma]);
                body
            };
            let bytes = video(
                &format!("YUV4MPEG2 W4 H2 {colour}"),
                &[("FRAME", frame(1)), ("FRAME", frame(2))],
            );
            let frames = lumas(&bytes).unwrap_or_else(|e| panic!("{colour}: {e}"));
            assert_eq!(frames, vec![vec![1; 8], vec![2; 8]], "{colour}");
        }
        // No colour space given: 4:2:0.
        let bytes = video("YUV4MPEG2 W2 H2", &[("FRAME", vec![5, 5, 5, 5, 0, 0])]);
        assert_eq!(lumas(&bytes).expect("valid").len(), 1);
    }

    #[test]
    fn malformed_videos_are_clear_errors() {
        let good_frame = vec![0u8; 6];
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"GIF89a".to_vec(), "not a YUV4MPEG2 video"),
            (video("YUV4MPEG2 H2", &[]), "no width"),
            (video("YUV4MPEG2 W2 Hx", &[]), "height is not a number"),
            (video("YUV4MPEG2 W2 H2 C420p10", &[]), "unsupported colour"),
            (video("YUV4MPEG2 W0 H2", &[]), "empty"),
            (video("YUV4MPEG2 W99999 H99999", &[]), "too large"),
            (
                video("YUV4MPEG2 W2 H2", &[("FRAMX", good_frame.clone())]),
                "does not start with FRAME",
            ),
            (
                video("YUV4MPEG2 W2 H2", &[("FRAME", vec![0; 5])]),
                "frame 0 is cut short",
            ),
            (
                video(
                    "YUV4MPEG2 W2 H2",
                    &[("FRAME", good_frame.clone()), ("FRAME", vec![0; 4])],
                ),
                "frame 1 is cut short",
            ),
            (b"YUV4MPEG2 W2 H2".to_vec(), "too long or not text"),
        ];
        for (bytes, expected) in cases {
            let message = match lumas(&bytes) {
                Ok(frames) => panic!("{expected}: read {} frames", frames.len()),
                Err(error) => error.to_string(),
            };
            assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        }
    }
}
