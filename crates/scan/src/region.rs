//! Where in a frame a code is, or may be: the rectangle a live scan crops to.
//!
//! Passes that enlarge or threshold finely cost too much on a whole 1280×720 frame to fit a
//! camera frame's time, but a code only covers a small part of it. Two things say where to
//! look: the points a reader gave for a code read in a recent frame ([`Rect::around`]), and,
//! before any read, the busiest patch of the frame ([`busiest`]): a code is a dense grid of
//! edges in both directions, which flat paper, background and the straight edges of other
//! things are not.

use crate::frame::Plane;
use crate::ladder::{Filter, Pass, Scale};

/// A rectangle of frame pixels, wholly inside the frame it was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left column.
    pub x: usize,
    /// Top row.
    pub y: usize,
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
}

/// Smallest side of a crop: a code plus its quiet zone at a few pixels per module.
const MIN_SIDE: usize = 96;

impl Rect {
    /// The box around `points` grown by `grow` times its own size on every side (the code
    /// moves and grows between frames), at least [`MIN_SIDE`] square, clipped to the frame.
    pub fn around(points: &[(f32, f32)], grow: f32, width: usize, height: usize) -> Option<Rect> {
        let first = points.first()?;
        let (mut left, mut top, mut right, mut bottom) = (first.0, first.1, first.0, first.1);
        for &(x, y) in points {
            if !x.is_finite() || !y.is_finite() {
                return None;
            }
            left = left.min(x);
            right = right.max(x);
            top = top.min(y);
            bottom = bottom.max(y);
        }
        let side = (right - left).max(bottom - top);
        let margin = (side * grow).max(MIN_SIDE as f32 / 2.0);
        Rect::clipped(
            left - margin,
            top - margin,
            right + margin,
            bottom + margin,
            width,
            height,
        )
    }

    /// The rectangle from (`left`, `top`) to (`right`, `bottom`), clipped to a frame of
    /// `width` × `height`; `None` when nothing of it is left.
    fn clipped(
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
        width: usize,
        height: usize,
    ) -> Option<Rect> {
        let clamp = |v: f32, max: usize| v.clamp(0.0, max as f32) as usize;
        let (x0, x1) = (clamp(left, width), clamp(right.ceil(), width));
        let (y0, y1) = (clamp(top, height), clamp(bottom.ceil(), height));
        (x1 > x0 + 1 && y1 > y0 + 1).then_some(Rect {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }

    /// At most `width` × `height`, shrunk about its centre: a crop costs about in
    /// proportion to its area (more, on a cluttered one), so it is kept well under the
    /// frame's.
    pub fn at_most(self, width: usize, height: usize) -> Rect {
        let shrink = |start: usize, length: usize, limit: usize| {
            let kept = length.min(limit.max(1));
            (start + (length - kept) / 2, kept)
        };
        let (x, width) = shrink(self.x, self.width, width);
        let (y, height) = shrink(self.y, self.height, height);
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    /// Millions of pixels covered, for the cost of a pass over it.
    pub fn megapixels(&self) -> f64 {
        (self.width * self.height) as f64 / 1e6
    }

    /// Whether `(x, y)` lies inside.
    #[cfg(test)]
    pub fn contains(&self, x: usize, y: usize) -> bool {
        (self.x..self.x + self.width).contains(&x) && (self.y..self.y + self.height).contains(&y)
    }
}

impl Plane {
    /// The pixels of `rect` as a plane of their own.
    pub fn crop(&self, rect: Rect) -> Plane {
        let right = (rect.x + rect.width).min(self.width);
        let bottom = (rect.y + rect.height).min(self.height);
        let (x, y) = (rect.x.min(right), rect.y.min(bottom));
        let mut pixels = Vec::with_capacity((right - x) * (bottom - y));
        for row in y..bottom {
            pixels.extend_from_slice(&self.pixels[row * self.width + x..row * self.width + right]);
        }
        Plane {
            width: right - x,
            height: bottom - y,
            pixels,
        }
    }
}

/// Maps a point found in the plane a pass read back to the pixels of the plane the pass
/// was made from (`width` × `height`): undoes the pass's scaling and turning.
pub fn to_source(point: (f32, f32), pass: &Pass, width: usize, height: usize) -> (f32, f32) {
    let factor = match pass.scale {
        Scale::Half => 2.0,
        Scale::Full => 1.0,
        Scale::Enlarged => 2.0 / 3.0,
    };
    let (x, y) = (point.0 * factor, point.1 * factor);
    match pass.filter {
        Filter::Turned(degrees) => {
            // The inverse of `enhance::rotate`'s mapping: where the source pixel was.
            let (sin, cos) = f32::from(degrees).to_radians().sin_cos();
            let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
            let (dx, dy) = (x - cx, y - cy);
            (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy)
        }
        _ => (x, y),
    }
}

/// Side of the square blocks edges are counted in, in pixels of the plane searched.
const BLOCK: usize = 8;

/// The busiest patch of `plane` (best given the half-scale plane, where averaging has
/// already halved the noise): the rectangle, in `plane`'s pixels, around the blocks with
/// the most edges in both directions. `None` for a plane too small to search or without
/// any such patch.
pub fn busiest(plane: &Plane) -> Option<Rect> {
    let (w, h) = (plane.width, plane.height);
    let (columns, rows) = (w / BLOCK, h / BLOCK);
    if columns < 3 || rows < 3 {
        return None;
    }
    let floor = noise_floor(plane);
    // Per block: edge strength above the noise floor across rows and down columns; a code
    // has both, a straight edge only one.
    let mut score = vec![0u32; columns * rows];
    for by in 0..rows {
        for bx in 0..columns {
            let (mut across, mut down) = (0u32, 0u32);
            for y in by * BLOCK..(by + 1) * BLOCK {
                let row = &plane.pixels[y * w..(y + 1) * w];
                let below = plane.pixels.get((y + 1) * w..(y + 2) * w);
                for x in bx * BLOCK..(bx + 1) * BLOCK {
                    let here = i32::from(row[x]);
                    if let Some(&right) = row.get(x + 1) {
                        across += (here - i32::from(right))
                            .unsigned_abs()
                            .saturating_sub(floor);
                    }
                    if let Some(below) = below {
                        down += (here - i32::from(below[x]))
                            .unsigned_abs()
                            .saturating_sub(floor);
                    }
                }
            }
            score[by * columns + bx] = across.min(down);
        }
    }
    // Summed over 3×3 blocks: a code spans several blocks, a stray corner one.
    let at = |bx: usize, by: usize| score[by * columns + bx];
    let mut summed = vec![0u32; columns * rows];
    for by in 0..rows {
        for bx in 0..columns {
            let mut sum = 0;
            for y in by.saturating_sub(1)..(by + 2).min(rows) {
                for x in bx.saturating_sub(1)..(bx + 2).min(columns) {
                    sum += at(x, y);
                }
            }
            summed[by * columns + bx] = sum;
        }
    }
    let (peak_index, &peak) = summed.iter().enumerate().max_by_key(|(_, &s)| s)?;
    if peak == 0 {
        return None;
    }
    let busy = |bx: usize, by: usize| summed[by * columns + bx] * 10 >= peak * 3;
    let (mut x0, mut x1) = (peak_index % columns, peak_index % columns);
    let (mut y0, mut y1) = (peak_index / columns, peak_index / columns);
    // Grow while the next line of blocks is still busy, up to half the plane each way.
    loop {
        let mut grew = false;
        if x0 > 0 && x1 - x0 < columns / 2 && (y0..=y1).any(|y| busy(x0 - 1, y)) {
            x0 -= 1;
            grew = true;
        }
        if x1 + 1 < columns && x1 - x0 < columns / 2 && (y0..=y1).any(|y| busy(x1 + 1, y)) {
            x1 += 1;
            grew = true;
        }
        if y0 > 0 && y1 - y0 < rows / 2 && (x0..=x1).any(|x| busy(x, y0 - 1)) {
            y0 -= 1;
            grew = true;
        }
        if y1 + 1 < rows && y1 - y0 < rows / 2 && (x0..=x1).any(|x| busy(x, y1 + 1)) {
            y1 += 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    // One block of margin for the quiet zone and the edge blocks the sum smeared.
    let block = BLOCK as f32;
    Rect::clipped(
        (x0 as f32 - 1.0) * block,
        (y0 as f32 - 1.0) * block,
        (x1 as f32 + 2.0) * block,
        (y1 as f32 + 2.0) * block,
        w,
        h,
    )
}

/// Differences between neighbours at or below this are taken as noise: twice the median
/// difference across rows (most of a frame is flat, so the median is the noise), plus two.
fn noise_floor(plane: &Plane) -> u32 {
    let mut histogram = [0u32; 256];
    let mut count = 0u32;
    for row in plane.pixels.chunks_exact(plane.width).step_by(4) {
        for pair in row.windows(2).step_by(2) {
            histogram[usize::from(pair[0].abs_diff(pair[1]))] += 1;
            count += 1;
        }
    }
    let mut seen = 0;
    let median = histogram
        .iter()
        .position(|&n| {
            seen += n;
            seen * 2 >= count
        })
        .unwrap_or(0) as u32;
    2 * median + 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enhance;
    use crate::ladder::{matrix, turned};
    use crate::synth::{Kind, Scene, Symbol};

    #[test]
    fn the_box_around_points_grows_and_stays_in_the_frame() {
        let rect = Rect::around(&[(100.0, 50.0), (140.0, 90.0)], 0.5, 640, 480);
        assert_eq!(
            rect,
            Some(Rect {
                x: 52,
                y: 2,
                width: 136,
                height: 136
            })
        );
        let wide = Rect {
            x: 10,
            y: 20,
            width: 600,
            height: 100,
        };
        assert_eq!(
            wide.at_most(320, 240),
            Rect {
                x: 150,
                y: 20,
                width: 320,
                height: 100
            }
        );
        let corner = Rect::around(&[(2.0, 2.0), (10.0, 10.0)], 0.5, 640, 480);
        assert_eq!(corner.map(|r| (r.x, r.y)), Some((0, 0)));
        assert_eq!(Rect::around(&[], 0.5, 640, 480), None);
        assert_eq!(Rect::around(&[(f32::NAN, 1.0)], 0.5, 640, 480), None);
    }

    #[test]
    fn a_crop_copies_the_rectangle() {
        let plane = Plane {
            width: 4,
            height: 3,
            pixels: (0..12).collect(),
        };
        let crop = plane.crop(Rect {
            x: 1,
            y: 1,
            width: 2,
            height: 2,
        });
        assert_eq!(crop.pixels, vec![5, 6, 9, 10]);
    }

    #[test]
    fn points_in_scaled_and_turned_planes_map_back_to_the_frame() {
        let half = Pass {
            scale: Scale::Half,
            ..matrix(Scale::Full, Filter::None)
        };
        assert_eq!(to_source((10.0, 20.0), &half, 100, 100), (20.0, 40.0));
        let enlarged = matrix(Scale::Enlarged, Filter::Stretch);
        assert_eq!(to_source((30.0, 60.0), &enlarged, 100, 100), (20.0, 40.0));
        // A mark turned by the pass, found in the turned plane, maps back to where it was.
        let mut pixels = vec![0u8; 100 * 100];
        pixels[20 * 100 + 70] = 255;
        let source = Plane {
            width: 100,
            height: 100,
            pixels,
        };
        let turned_plane = enhance::rotate(&source, 24.0);
        let brightest = (0..turned_plane.pixels.len())
            .max_by_key(|&i| turned_plane.pixels[i])
            .unwrap_or(0);
        let found = (
            (brightest % 100) as f32 + 0.5,
            (brightest / 100) as f32 + 0.5,
        );
        let (x, y) = to_source(found, &turned(24), 100, 100);
        assert!((x - 70.5).abs() < 1.5 && (y - 20.5).abs() < 1.5, "{x} {y}");
    }

    #[test]
    fn the_busiest_patch_of_a_noisy_cluttered_frame_is_the_small_code() {
        for (seed, centre) in [(3, (0.2, 0.7)), (4, (0.8, 0.25)), (5, (0.55, 0.5))] {
            let scene = Scene {
                centre,
                clutter: 30,
                noise: 8.0,
                blur: 1,
                rotation: 20.0,
                seed,
                // About 3 pixels per module: too small for the cheap passes.
                ..Scene::plain(1280, 720, 75.0)
            };
            let pixels = scene.render(&Symbol::encode(Kind::Qr, "7K3M2Q9W4X1Z"));
            let half = enhance::half(&Plane {
                width: 1280,
                height: 720,
                pixels,
            });
            let found = busiest(&half).expect("a busy patch");
            let (cx, cy) = ((centre.0 * 640.0) as usize, (centre.1 * 360.0) as usize);
            assert!(found.contains(cx, cy), "seed {seed}: {found:?}");
            assert!(found.width < 200 && found.height < 200, "{found:?}");
        }
    }

    #[test]
    fn a_flat_frame_has_no_busy_patch() {
        let flat = Plane {
            width: 64,
            height: 64,
            pixels: vec![128; 64 * 64],
        };
        assert_eq!(busiest(&flat), None);
    }
}
