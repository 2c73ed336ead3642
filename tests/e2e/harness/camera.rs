//! Frames for Chromium's fake camera: a device-ID label (or none) as YUV4MPEG2.

/// A 1280×720 grey camera frame: a printed label (paper, a little sensor noise) with a QR
/// code of `text` covering about 40 % of the frame height, or no code at all.
pub fn camera_frame(text: Option<&str>) -> Vec<u8> {
    const W: usize = 1280;
    const H: usize = 720;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut frame: Vec<u8> = (0..W * H)
        .map(|i| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let shade = 150 + (i % W) * 40 / W;
            (shade as u64 + rng % 12) as u8
        })
        .collect();
    if let Some(text) = text {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("fits in a QR code");
        let modules = code.width() as isize;
        let colors = code.to_colors();
        let cell = (H * 2 / 5) / (modules as usize + 8);
        let side = (modules as usize + 8) * cell;
        let (left, top) = ((W - side) / 2, (H - side) / 2);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / cell) as isize - 4, (y / cell) as isize - 4);
                let inside = (0..modules).contains(&mx) && (0..modules).contains(&my);
                let dark = inside && colors[(my * modules + mx) as usize] == qrcode::Color::Dark;
                frame[(top + y) * W + left + x] = if dark { 30 } else { 225 };
            }
        }
    }
    frame
}

/// Writes `frame` (1280×720 grey) as a short y4m video for Chromium's fake camera, which
/// plays it in a loop.
pub fn write_y4m(path: &std::path::Path, frame: &[u8]) {
    let mut video = b"YUV4MPEG2 W1280 H720 F10:1 Ip A1:1 C420jpeg\n".to_vec();
    for _ in 0..5 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(frame);
        video.extend(std::iter::repeat_n(128u8, 2 * 640 * 360));
    }
    std::fs::write(path, video).expect("video written");
}
