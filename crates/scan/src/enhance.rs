//! Cheap image filters that turn a hard frame into one a barcode binarizer copes with.
//!
//! Each filter answers one way camera frames go wrong: `half` averages noise away and makes
//! big codes cheaper to find, `stretch` spreads a low-contrast picture over the full grey
//! range (the binarizer ignores blocks whose range is below 24 levels), `smooth` removes
//! sensor noise and JPEG blocking, `sharpen` restores edges of a slightly blurred code and
//! `enlarge` gives tiny codes more pixels per module.

use crate::frame::Plane;

/// Halves both sides, each output pixel the mean of a 2×2 block.
pub fn half(plane: &Plane) -> Plane {
    let (width, height) = (plane.width / 2, plane.height / 2);
    if width == 0 || height == 0 {
        return plane.clone();
    }
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        let top = &plane.pixels[2 * y * plane.width..][..plane.width];
        let bottom = &plane.pixels[(2 * y + 1) * plane.width..][..plane.width];
        for x in 0..width {
            let sum = u16::from(top[2 * x])
                + u16::from(top[2 * x + 1])
                + u16::from(bottom[2 * x])
                + u16::from(bottom[2 * x + 1]);
            pixels.push(((sum + 2) / 4) as u8);
        }
    }
    Plane {
        width,
        height,
        pixels,
    }
}

/// Maps the 1st..99th percentile of grey levels linearly onto 0..255. Percentiles rather
/// than min/max so a few specular highlights or noise spikes do not cancel the stretch.
pub fn stretch(plane: &Plane) -> Plane {
    let mut histogram = [0usize; 256];
    for &p in &plane.pixels {
        histogram[usize::from(p)] += 1;
    }
    let cut = plane.pixels.len() / 100;
    let low = percentile_from_start(&histogram, cut);
    let high = 255 - percentile_from_start(&reversed(&histogram), cut);
    if high <= low {
        return plane.clone();
    }
    let span = u32::from(high - low);
    let table: Vec<u8> = (0..=255u32)
        .map(|v| {
            let clamped = v.clamp(u32::from(low), u32::from(high)) - u32::from(low);
            ((clamped * 255 + span / 2) / span) as u8
        })
        .collect();
    Plane {
        width: plane.width,
        height: plane.height,
        pixels: plane
            .pixels
            .iter()
            .map(|&p| table[usize::from(p)])
            .collect(),
    }
}

/// A 3×3 box blur (separable), edges clamped.
pub fn smooth(plane: &Plane) -> Plane {
    let (w, h) = (plane.width, plane.height);
    let mut rows = vec![0u16; w * h];
    for y in 0..h {
        let row = &plane.pixels[y * w..][..w];
        for x in 0..w {
            let left = row[x.saturating_sub(1)];
            let right = row[(x + 1).min(w - 1)];
            rows[y * w + x] = u16::from(left) + u16::from(row[x]) + u16::from(right);
        }
    }
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let up = y.saturating_sub(1) * w;
        let down = (y + 1).min(h - 1) * w;
        for x in 0..w {
            let sum = rows[up + x] + rows[y * w + x] + rows[down + x];
            pixels.push(((sum + 4) / 9) as u8);
        }
    }
    Plane {
        width: w,
        height: h,
        pixels,
    }
}

/// Unsharp masking: each pixel pushed away from its 3×3 mean by the same amount again.
pub fn sharpen(plane: &Plane) -> Plane {
    let blurred = smooth(plane);
    let pixels = plane
        .pixels
        .iter()
        .zip(&blurred.pixels)
        .map(|(&p, &b)| (2 * i16::from(p) - i16::from(b)).clamp(0, 255) as u8)
        .collect();
    Plane {
        width: plane.width,
        height: plane.height,
        pixels,
    }
}

/// Scales by 3/2 with bilinear interpolation, so a code with two pixels per module gets three.
pub fn enlarge(plane: &Plane) -> Plane {
    let width = plane.width * 3 / 2;
    let height = plane.height * 3 / 2;
    if plane.width < 2 || plane.height < 2 {
        return plane.clone();
    }
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        // Fixed point with 8 fractional bits: source = destination * 2/3.
        let sy = (y * 512 / 3).min((plane.height - 1) * 256);
        let (y0, fy) = (sy >> 8, (sy & 255) as u32);
        let y1 = (y0 + 1).min(plane.height - 1);
        for x in 0..width {
            let sx = (x * 512 / 3).min((plane.width - 1) * 256);
            let (x0, fx) = (sx >> 8, (sx & 255) as u32);
            let x1 = (x0 + 1).min(plane.width - 1);
            let at = |xx: usize, yy: usize| u32::from(plane.pixels[yy * plane.width + xx]);
            let top = at(x0, y0) * (256 - fx) + at(x1, y0) * fx;
            let bottom = at(x0, y1) * (256 - fx) + at(x1, y1) * fx;
            pixels.push(((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16) as u8);
        }
    }
    Plane {
        width,
        height,
        pixels,
    }
}

/// Thresholds each pixel against the mean of the square window of side `2 * radius + 1`
/// around it (an integral image makes any radius cost the same). Small windows follow the
/// modules of a small, blurred or unevenly lit code where the binarizer's fixed 8×8 blocks
/// and 40-pixel neighbourhoods smear them. Returns pure black and white; pixels barely
/// different from their surroundings (flat paper, flat background) become white.
pub fn threshold_local(plane: &Plane, radius: usize, margin: u32) -> Plane {
    let (w, h) = (plane.width, plane.height);
    let mut integral = vec![0u32; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row_sum = 0u32;
        for x in 0..w {
            row_sum += u32::from(plane.pixels[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row_sum;
        }
    }
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let (top, bottom) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (left, right) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = integral[bottom * (w + 1) + right] + integral[top * (w + 1) + left]
                - integral[top * (w + 1) + right]
                - integral[bottom * (w + 1) + left];
            let count = ((bottom - top) * (right - left)) as u32;
            // Dark if clearly below the local mean (2 levels out of 255 of margin, so flat
            // noise on a uniform surface does not turn into speckle).
            let dark = u32::from(plane.pixels[y * w + x]) * count + margin * count < sum;
            pixels.push(if dark { 0 } else { 255 });
        }
    }
    Plane {
        width: w,
        height: h,
        pixels,
    }
}

/// Turns the picture by `degrees` about its centre (same size, corners filled with mid
/// grey), bilinear. Barcodes are read along rows, so a tilted Code 128 is turned level
/// before it can be read; QR and Data Matrix detectors need no help with rotation.
pub fn rotate(plane: &Plane, degrees: f32) -> Plane {
    let (w, h) = (plane.width, plane.height);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut pixels = Vec::with_capacity(w * h);
    for y in 0..h {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..w {
            let dx = x as f32 + 0.5 - cx;
            // Inverse mapping: where in the source does this output pixel come from.
            let sx = cos * dx + sin * dy + cx - 0.5;
            let sy = -sin * dx + cos * dy + cy - 0.5;
            pixels.push(sample(plane, sx, sy).unwrap_or(128));
        }
    }
    Plane {
        width: w,
        height: h,
        pixels,
    }
}

/// Bilinear sample at a fractional position; `None` outside the picture.
fn sample(plane: &Plane, x: f32, y: f32) -> Option<u8> {
    if x < 0.0 || y < 0.0 {
        return None;
    }
    let (x0, y0) = (x as usize, y as usize);
    if x0 + 1 >= plane.width || y0 + 1 >= plane.height {
        return None;
    }
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |xx: usize, yy: usize| f32::from(plane.pixels[yy * plane.width + xx]);
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
    let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
    Some((top * (1.0 - fy) + bottom * fy).round() as u8)
}

/// Swaps black and white.
pub fn invert(plane: &Plane) -> Plane {
    Plane {
        width: plane.width,
        height: plane.height,
        pixels: plane.pixels.iter().map(|&p| 255 - p).collect(),
    }
}

/// The grey level below which at least `count` pixels lie.
fn percentile_from_start(histogram: &[usize; 256], count: usize) -> u8 {
    let mut seen = 0;
    for (level, &n) in histogram.iter().enumerate() {
        seen += n;
        if seen > count {
            return level as u8;
        }
    }
    255
}

fn reversed(histogram: &[usize; 256]) -> [usize; 256] {
    let mut out = *histogram;
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane(width: usize, height: usize, pixels: Vec<u8>) -> Plane {
        Plane {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn half_averages_two_by_two_blocks() {
        let p = plane(4, 2, vec![0, 4, 8, 8, 4, 8, 8, 8]);
        assert_eq!(half(&p), plane(2, 1, vec![4, 8]));
    }

    #[test]
    fn stretch_spreads_a_narrow_range_over_all_grey_levels() {
        let pixels: Vec<u8> = (0..200).map(|i| 100 + (i % 21) as u8).collect();
        let stretched = stretch(&plane(20, 10, pixels));
        assert_eq!(stretched.pixels.iter().min(), Some(&0));
        assert_eq!(stretched.pixels.iter().max(), Some(&255));
    }

    #[test]
    fn stretch_leaves_a_flat_picture_alone() {
        let p = plane(3, 3, vec![7; 9]);
        assert_eq!(stretch(&p), p);
    }

    #[test]
    fn smooth_keeps_flat_areas_and_softens_a_spike() {
        let mut pixels = vec![90u8; 25];
        pixels[12] = 180;
        let smoothed = smooth(&plane(5, 5, pixels));
        assert_eq!(smoothed.pixels[0], 90);
        assert_eq!(smoothed.pixels[12], 100);
    }

    #[test]
    fn sharpen_pushes_an_edge_apart() {
        let p = plane(4, 1, vec![100, 100, 150, 150]);
        let sharp = sharpen(&p);
        assert!(sharp.pixels[1] < 100 && sharp.pixels[2] > 150, "{sharp:?}");
    }

    #[test]
    fn local_threshold_finds_dark_marks_on_uneven_light() {
        // A ramp from 60 to 240 with two dark marks, each darker than its neighbourhood but
        // the right one lighter than the left half's paper.
        let mut pixels: Vec<u8> = (0..40).map(|x| 60 + (x * 180 / 39) as u8).collect();
        pixels[8] -= 40;
        pixels[32] -= 40;
        let binary = threshold_local(&plane(40, 1, pixels), 4, 5);
        // Away from the ends, where the window is cut off and the ramp biases its mean.
        let dark: Vec<usize> = (4..36).filter(|&x| binary.pixels[x] == 0).collect();
        assert_eq!(dark, vec![8, 32]);
    }

    #[test]
    fn rotate_by_a_right_angle_moves_a_mark_around_the_centre() {
        let mut pixels = vec![0u8; 100];
        pixels[2 * 10 + 5] = 200; // (5, 2): above the centre
        let turned = rotate(&plane(10, 10, pixels), 90.0);
        let brightest = (0..100).max_by_key(|&i| turned.pixels[i]).unwrap_or(0);
        // A quarter turn clockwise (y down) moves "above" to "right of" the centre.
        assert_eq!((brightest % 10, brightest / 10), (7, 5));
        assert_eq!(rotate(&plane(3, 3, vec![9; 9]), 0.0).pixels[4], 9);
    }

    #[test]
    fn invert_swaps_black_and_white() {
        assert_eq!(invert(&plane(2, 1, vec![0, 200])).pixels, vec![255, 55]);
    }

    #[test]
    fn enlarge_grows_by_half_and_keeps_corners() {
        let p = plane(4, 2, vec![0, 50, 100, 150, 200, 210, 220, 230]);
        let big = enlarge(&p);
        assert_eq!((big.width, big.height), (6, 3));
        assert_eq!(big.pixels[0], 0);
        assert_eq!(big.pixels.len(), 18);
    }
}
