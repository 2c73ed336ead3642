//! Synthetic camera frames of QR, Data Matrix and Code 128 codes, for the tests and the
//! benchmark set. Everything is drawn from a seeded generator, so a frame is reproducible
//! from its parameters.
//!
//! Shared by the unit tests (through `#[path]` in `lib.rs`), the end-to-end tests and the
//! benchmark generator (`examples/scan_bench.rs`); each uses only part of it.
#![allow(dead_code)]

use rxing::datamatrix::encoder::SymbolShapeHint;
use rxing::{BarcodeFormat, EncodeHints, MultiFormatWriter, Writer};

/// The kinds of symbol drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// QR code, error correction level M.
    Qr,
    /// Data Matrix, square (the common shape on labels).
    DataMatrix,
    /// Code 128.
    Code128,
}

/// A symbol as a grid of modules, quiet zone included; `true` is dark.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub columns: usize,
    pub rows: usize,
    pub dark: Vec<bool>,
    /// Rows of quiet zone above (and below) the symbol.
    pub quiet_rows: usize,
}

impl Symbol {
    /// Encodes `text` with a quiet zone of the width each format requires.
    pub fn encode(kind: Kind, text: &str) -> Symbol {
        match kind {
            Kind::Qr => {
                let code = qrcode::QrCode::with_error_correction_level(
                    text.as_bytes(),
                    qrcode::EcLevel::M,
                )
                .expect("text fits a QR code");
                let size = code.width();
                let dark = code
                    .to_colors()
                    .into_iter()
                    .map(|c| c == qrcode::Color::Dark)
                    .collect();
                Symbol {
                    columns: size,
                    rows: size,
                    dark,
                    quiet_rows: 0,
                }
                .with_quiet_zone(4, 4)
            }
            Kind::DataMatrix => {
                let matrix = rxing_matrix(text, BarcodeFormat::DATA_MATRIX);
                let (columns, rows) = (matrix.width() as usize, matrix.height() as usize);
                let mut dark = Vec::with_capacity(columns * rows);
                for y in 0..rows {
                    for x in 0..columns {
                        dark.push(matrix.get(x as u32, y as u32));
                    }
                }
                Symbol {
                    columns,
                    rows,
                    dark,
                    quiet_rows: 0,
                }
                .with_quiet_zone(2, 2)
            }
            Kind::Code128 => {
                let matrix = rxing_matrix(text, BarcodeFormat::CODE_128);
                let columns = matrix.width() as usize;
                let row: Vec<bool> = (0..columns).map(|x| matrix.get(x as u32, 0)).collect();
                let rows = (columns / 4).max(12);
                let dark = (0..rows).flat_map(|_| row.iter().copied()).collect();
                Symbol {
                    columns,
                    rows,
                    dark,
                    quiet_rows: 0,
                }
                .with_quiet_zone(10, 2)
            }
        }
    }

    fn with_quiet_zone(self, horizontal: usize, vertical: usize) -> Symbol {
        let columns = self.columns + 2 * horizontal;
        let rows = self.rows + 2 * vertical;
        let mut dark = vec![false; columns * rows];
        for y in 0..self.rows {
            for x in 0..self.columns {
                dark[(y + vertical) * columns + x + horizontal] = self.dark[y * self.columns + x];
            }
        }
        Symbol {
            columns,
            rows,
            dark,
            quiet_rows: self.quiet_rows + vertical,
        }
    }
}

fn rxing_matrix(text: &str, format: BarcodeFormat) -> rxing::common::BitMatrix {
    let hints = EncodeHints {
        Margin: Some("0".to_string()),
        DataMatrixShape: Some(SymbolShapeHint::FORCE_SQUARE),
        ..EncodeHints::default()
    };
    MultiFormatWriter
        .encode_with_hints(text, &format, 0, 0, &hints)
        .expect("text fits the symbol")
}

/// How a symbol appears in a frame.
#[derive(Debug, Clone)]
pub struct Scene {
    pub width: usize,
    pub height: usize,
    /// Centre of the symbol, as a fraction of the frame's width and height.
    pub centre: (f64, f64),
    /// Height of the symbol (quiet zone excluded) in pixels, before perspective.
    pub size: f64,
    /// Rotation in degrees.
    pub rotation: f64,
    /// Perspective: how much shorter the far edge is than the near one (0 = none, 0.3 = 30 %).
    pub tilt: f64,
    /// Grey level of dark modules and of the paper.
    pub ink: f64,
    pub paper: f64,
    /// Light falling off across the frame: the darkest corner gets this fraction less light.
    pub shading: f64,
    /// Box-blur radius in pixels (0 = sharp), applied three times (close to a Gaussian).
    pub blur: usize,
    /// Standard deviation of sensor noise in grey levels.
    pub noise: f64,
    /// Dark rectangles of clutter drawn around the code (text, edges of other labels).
    pub clutter: usize,
    /// Motion blur: how far the image moved during the exposure, in pixels (x, y); the
    /// frame is averaged along that path. (0, 0) = a steady hand.
    pub motion: (f64, f64),
    /// Specular glare on the label: a bright spot centred at (x, y) (fractions of the
    /// frame), of this radius in pixels, lifting grey levels towards white by up to
    /// `strength` (0 = none, 1 = white at its centre).
    pub glare: Glare,
    pub seed: u64,
}

/// A bright reflection on the label (see [`Scene::glare`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glare {
    pub centre: (f64, f64),
    pub radius: f64,
    pub strength: f64,
}

impl Glare {
    pub const NONE: Glare = Glare {
        centre: (0.0, 0.0),
        radius: 0.0,
        strength: 0.0,
    };
}

impl Scene {
    /// A plain, sharp, centred symbol: the easy case.
    pub fn plain(width: usize, height: usize, size: f64) -> Scene {
        Scene {
            width,
            height,
            centre: (0.5, 0.5),
            size,
            rotation: 0.0,
            tilt: 0.0,
            ink: 20.0,
            paper: 230.0,
            shading: 0.0,
            blur: 0,
            noise: 0.0,
            clutter: 0,
            motion: (0.0, 0.0),
            glare: Glare::NONE,
            seed: 1,
        }
    }

    /// Draws the symbol: grey levels, row after row, `width * height` bytes.
    pub fn render(&self, symbol: &Symbol) -> Vec<u8> {
        let mut rng = Rng(self.seed);
        let (w, h) = (self.width as f64, self.height as f64);
        let background = 90.0 + 80.0 * rng.unit();
        let mut light = vec![0f64; self.width * self.height];
        // Paper-coloured box around the code, clutter, then the code itself.
        let module = self.size / (symbol.rows - 2 * symbol.quiet_rows) as f64;
        let corners = self.corners(symbol, module);
        let to_symbol = Homography::square_to_quad(corners).inverse();
        let mut clutter = Vec::new();
        for _ in 0..self.clutter {
            let (cx, cy) = (rng.unit() * w, rng.unit() * h);
            let (rw, rh) = (4.0 + rng.unit() * 60.0, 3.0 + rng.unit() * 20.0);
            clutter.push((cx, cy, rw, rh, 20.0 + rng.unit() * 60.0));
        }
        for y in 0..self.height {
            for x in 0..self.width {
                let mut sum = 0.0;
                for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                    let (px, py) = (x as f64 + dx, y as f64 + dy);
                    let (u, v) = to_symbol.apply(px, py);
                    let value = if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
                        let column = (u * symbol.columns as f64) as usize;
                        let row = (v * symbol.rows as f64) as usize;
                        if symbol.dark[row * symbol.columns + column] {
                            self.ink
                        } else {
                            self.paper
                        }
                    } else if (-0.08..1.08).contains(&u) && (-0.08..1.08).contains(&v) {
                        self.paper
                    } else {
                        let hit = clutter.iter().find(|(cx, cy, rw, rh, _)| {
                            (px - cx).abs() < *rw / 2.0 && (py - cy).abs() < *rh / 2.0
                        });
                        hit.map_or(background, |c| c.4)
                    };
                    sum += value;
                }
                light[y * self.width + x] = sum / 4.0;
            }
        }
        let mut pixels = light;
        for _ in 0..3 {
            pixels = box_blur(&pixels, self.width, self.height, self.blur);
        }
        let pixels = motion_blur(&pixels, self.width, self.height, self.motion);
        let (lx, ly) = (rng.unit() * w, rng.unit() * h);
        let diagonal = (w * w + h * h).sqrt();
        let glare = self.glare;
        let (gx, gy) = (glare.centre.0 * w, glare.centre.1 * h);
        pixels
            .iter()
            .enumerate()
            .map(|(i, &value)| {
                let (x, y) = ((i % self.width) as f64, (i / self.width) as f64);
                let distance = ((x - lx).powi(2) + (y - ly).powi(2)).sqrt() / diagonal;
                let mut lit = value * (1.0 - self.shading * distance.min(1.0));
                if glare.strength > 0.0 && glare.radius > 0.0 {
                    let near = ((x - gx).powi(2) + (y - gy).powi(2)) / glare.radius.powi(2);
                    let lift = glare.strength * (1.0 - near).max(0.0);
                    lit += (255.0 - lit) * lift;
                }
                (lit + self.noise * rng.gaussian())
                    .round()
                    .clamp(0.0, 255.0) as u8
            })
            .collect()
    }

    /// The four corners of the symbol (quiet zone included) in frame pixels: top-left,
    /// top-right, bottom-right, bottom-left.
    fn corners(&self, symbol: &Symbol, module: f64) -> [(f64, f64); 4] {
        let half_w = symbol.columns as f64 * module / 2.0;
        let half_h = symbol.rows as f64 * module / 2.0;
        let (cx, cy) = (
            self.centre.0 * self.width as f64,
            self.centre.1 * self.height as f64,
        );
        // The top edge is shortened by the tilt: a code leaning away from the camera.
        let top = 1.0 - self.tilt;
        let local = [
            (-half_w * top, -half_h),
            (half_w * top, -half_h),
            (half_w, half_h),
            (-half_w, half_h),
        ];
        let (sin, cos) = self.rotation.to_radians().sin_cos();
        local.map(|(x, y)| (cx + x * cos - y * sin, cy + x * sin + y * cos))
    }
}

/// Averages each pixel along the path `(dx, dy)` centred on it (nearest pixels, one
/// sample per pixel of path): what a camera moving during the exposure records.
fn motion_blur(pixels: &[f64], width: usize, height: usize, (dx, dy): (f64, f64)) -> Vec<f64> {
    let length = dx.hypot(dy);
    if length < 1.0 {
        return pixels.to_vec();
    }
    let samples = length.ceil() as usize + 1;
    let offsets: Vec<(isize, isize)> = (0..samples)
        .map(|k| {
            let t = k as f64 / (samples - 1) as f64 - 0.5;
            ((t * dx).round() as isize, (t * dy).round() as isize)
        })
        .collect();
    let clamp = |v: isize, max: usize| v.clamp(0, max as isize - 1) as usize;
    let mut out = vec![0.0; pixels.len()];
    for y in 0..height {
        for x in 0..width {
            let sum: f64 = offsets
                .iter()
                .map(|&(ox, oy)| {
                    pixels[clamp(y as isize + oy, height) * width + clamp(x as isize + ox, width)]
                })
                .sum();
            out[y * width + x] = sum / samples as f64;
        }
    }
    out
}

fn box_blur(pixels: &[f64], width: usize, height: usize, radius: usize) -> Vec<f64> {
    if radius == 0 {
        return pixels.to_vec();
    }
    let r = radius as isize;
    let n = (2 * radius + 1) as f64;
    let clamp = |v: isize, max: usize| v.clamp(0, max as isize - 1) as usize;
    let mut horizontal = vec![0.0; pixels.len()];
    for y in 0..height {
        for x in 0..width {
            let sum: f64 = (-r..=r)
                .map(|d| pixels[y * width + clamp(x as isize + d, width)])
                .sum();
            horizontal[y * width + x] = sum / n;
        }
    }
    let mut out = vec![0.0; pixels.len()];
    for y in 0..height {
        for x in 0..width {
            let sum: f64 = (-r..=r)
                .map(|d| horizontal[clamp(y as isize + d, height) * width + x])
                .sum();
            out[y * width + x] = sum / n;
        }
    }
    out
}

/// A projective map of the plane, as a 3×3 matrix.
#[derive(Debug, Clone, Copy)]
struct Homography([f64; 9]);

impl Homography {
    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `quad`.
    fn square_to_quad(quad: [(f64, f64); 4]) -> Homography {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = quad;
        let dx3 = x0 - x1 + x2 - x3;
        let dy3 = y0 - y1 + y2 - y3;
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let denominator = dx1 * dy2 - dx2 * dy1;
        let g = (dx3 * dy2 - dx2 * dy3) / denominator;
        let h = (dx1 * dy3 - dx3 * dy1) / denominator;
        Homography([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }

    fn inverse(&self) -> Homography {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        Homography(
            [
                e * i - f * h,
                c * h - b * i,
                b * f - c * e,
                f * g - d * i,
                a * i - c * g,
                c * d - a * f,
                d * h - e * g,
                b * g - a * h,
                a * e - b * d,
            ]
            .map(|v| v / det),
        )
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f, g, h, i] = self.0;
        let w = g * x + h * y + i;
        ((a * x + b * y + c) / w, (d * x + e * y + f) / w)
    }
}

/// Grey frames as a YUV4MPEG2 video in 4:2:0 (colour planes neutral), as Chromium's fake
/// camera plays it; each `FRAME` line carries a parameter, which readers must accept.
pub fn y4m(width: usize, height: usize, frames: &[Vec<u8>]) -> Vec<u8> {
    let mut video = format!("YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n")
        .into_bytes();
    let chroma = 2 * width.div_ceil(2) * height.div_ceil(2);
    for frame in frames {
        video.extend_from_slice(b"FRAME Ip\n");
        video.extend_from_slice(frame);
        video.extend(std::iter::repeat_n(128u8, chroma));
    }
    video
}

/// SplitMix64: small, fast and good enough for test pictures; the same seed gives the same
/// frame on every machine.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    pub fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Standard normal (sum of 12 uniforms, minus 6).
    pub fn gaussian(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// A random 11-character body of Crockford base32, for minting IDs.
    pub fn id_body(&mut self) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        (0..11)
            .map(|_| ALPHABET[(self.next_u64() % 32) as usize] as char)
            .collect()
    }
}
