//! Reading for everyone (WCAG 1.4.10 reflow, 1.4.4 resize text, 2.5.8 target size): a
//! screen at 320 CSS px, then again with the root font size doubled, never scrolls sideways,
//! keeps every header control inside the screen without overlapping, and its navigation
//! and primary buttons stay at least 44×44 px. Also the documentation's screenshots.

use super::*;

/// The narrowest phone screen WCAG's reflow asks for (CSS px).
const NARROW_SCREEN: (u32, u32) = (320, 640);

/// Where the README's screenshots live, when `COMPANION_DOC_SCREENSHOTS` asks for them.
const DOC_SCREENSHOTS: &str = "docs/screenshots";

impl Journey {
    /// Checks the current screen at 320 px with normal and with doubled text, then puts the
    /// phone back at its usual size.
    pub async fn check_reflow(&self, label: &str) {
        self.resize(NARROW_SCREEN).await;
        self.check_no_sideways_scroll(&format!("{label} at 320 px"))
            .await;
        self.check_header(&format!("{label} at 320 px")).await;
        self.check_targets(&format!("{label} at 320 px")).await;
        self.set_text_scale(200).await;
        self.check_no_sideways_scroll(&format!("{label} at 320 px, text 200 %"))
            .await;
        self.check_header(&format!("{label} at 320 px, text 200 %"))
            .await;
        self.set_text_scale(100).await;
        self.resize(SCREEN).await;
    }

    /// Sets the root font size (the phone's text size setting does the same to `rem`).
    async fn set_text_scale(&self, percent: u32) {
        let script = "document.documentElement.style.fontSize = arguments[0]; \
                      const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.browser()
            .execute_async(script, vec![json!(format!("{percent}%"))])
            .await
            .expect("text scaled");
    }

    async fn resize(&self, (width, height): (u32, u32)) {
        self.browser()
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("cannot resize to {width}×{height}: {e}"));
        self.wait_for_layout(width).await;
    }

    /// Every control in the header is on the screen, with a size, and no two overlap.
    async fn check_header(&self, label: &str) {
        let script = r#"
            const width = document.documentElement.clientWidth;
            const controls = [...document.querySelectorAll(".app-header a, .app-header button, .app-header .sync-badge")];
            const boxes = controls.map((e) => [e.getAttribute("data-testid") || e.className, e.getBoundingClientRect()]);
            const problems = [];
            for (const [name, r] of boxes) {
              if (r.width < 1 || r.height < 1) problems.push(`${name} has no size`);
              if (r.left < -0.5 || r.right > width + 0.5) problems.push(`${name} is cut off (${Math.round(r.left)}..${Math.round(r.right)} of ${width})`);
            }
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
              const [a, p] = boxes[i], [b, q] = boxes[j];
              const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1
                && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
              if (overlap && !controls[i].contains(controls[j]) && !controls[j].contains(controls[i])) problems.push(`${a} overlaps ${b}`);
            }
            return [controls.length, problems];
        "#;
        let found = self
            .browser()
            .execute(script, vec![])
            .await
            .expect("header read");
        assert!(
            found[0].as_u64().unwrap_or(0) >= 2,
            "{label}: the header lost its controls: {found}"
        );
        assert_eq!(found[1], json!([]), "{label}: the header's controls");
    }

    /// The bottom navigation's tabs and the primary buttons are at least 44×44 px.
    async fn check_targets(&self, label: &str) {
        let script = r#"
            return [...document.querySelectorAll(".bottom-nav .tab, .button.primary, .language-picker button")]
              .map((e) => [e.getAttribute("data-testid") || e.className, e.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && (r.width < 43.5 || r.height < 43.5))
              .map(([name, r]) => `${name} is ${Math.round(r.width)}×${Math.round(r.height)}`);
        "#;
        let small = self
            .browser()
            .execute(script, vec![])
            .await
            .expect("targets read");
        assert_eq!(small, json!([]), "{label}: touch targets under 44×44 px");
    }

    /// Saves the current screen at 360×640 as `docs/screenshots/<engine>/<name>.png` when
    /// `COMPANION_DOC_SCREENSHOTS` is set (the README shows them; CI leaves the tree alone).
    pub async fn doc_screenshot(&self, name: &str) {
        if std::env::var_os("COMPANION_DOC_SCREENSHOTS").is_none() {
            return;
        }
        let engine = if cfg!(feature = "mobile") {
            "webkit"
        } else {
            "chromium"
        };
        let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(DOC_SCREENSHOTS)
            .join(engine);
        std::fs::create_dir_all(&folder).expect("docs/screenshots");
        self.resize(SMALL_SCREEN).await;
        // Scrolled to the top, so every shot starts where the customer does.
        let _ = self
            .browser()
            .execute("window.scrollTo(0, 0); return true;", vec![])
            .await;
        self.save_screenshot(&folder.join(format!("{name}.png")))
            .await;
        self.resize(SCREEN).await;
    }
}
