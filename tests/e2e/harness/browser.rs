//! Driving the screen: waits, taps, typing and screenshots, the same on both engines.

use super::*;

impl Journey {
    pub(super) fn css(test_id: &str) -> String {
        format!("[data-testid='{test_id}']")
    }

    /// Waits until an element with `data-testid` is present.
    pub async fn wait_for(&self, test_id: &str) -> fantoccini::elements::Element {
        let css = Self::css(test_id);
        match self
            .browser()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                let page = self.browser().source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never appeared ({error}); screenshot {shot}; page:\n{page:.3000}")
            }
        }
    }

    /// What a form field holds now (its `value` property, what the person sees typed or
    /// prefilled), once it is present; empty when it has none.
    pub async fn field_value(&self, test_id: &str) -> String {
        let field = self.wait_for(test_id).await;
        field.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_for_text(&self, test_id: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.browser().find(Locator::Css(&Self::css(test_id))).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            if started.elapsed() > WAIT {
                let page = self.browser().source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never said {needle:?}; last: {text:?}; screenshot {shot}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Scrolls the element to the middle of the screen (clear of the fixed tab bar, as a
    /// finger would) and clicks it. A tab (`nav-*`) is clicked until it shows as current and
    /// a language button (`lang-*`) until it shows as pressed, so the next step acts on the
    /// new screen, not the one leaving (the home screen shows device cards too); a tap that
    /// lands while the screen re-renders under the finger is tapped again, as a person would,
    /// at most three times. A screen that re-renders between finding and clicking (sync
    /// brought fresh data) replaces the element: find it again, as a person would tap the
    /// new one.
    pub async fn click(&self, test_id: &str) {
        let acknowledged = if test_id.starts_with("nav-") {
            Some(format!("{}[aria-current='page']", Self::css(test_id)))
        } else if test_id.starts_with("lang-") {
            Some(format!("{}[aria-pressed='true']", Self::css(test_id)))
        } else {
            None
        };
        let Some(acknowledged) = acknowledged else {
            return self.tap(test_id).await;
        };
        for _ in 0..3 {
            self.tap(test_id).await;
            let shown = self
                .browser()
                .wait()
                .at_most(WAIT / 3)
                .for_element(Locator::Css(&acknowledged))
                .await;
            if shown.is_ok() {
                return;
            }
        }
        let page = self.browser().source().await.unwrap_or_default();
        let shot = self.failure_artifacts(test_id, &page).await;
        panic!("{test_id} never took after three taps ({acknowledged}); screenshot {shot}");
    }

    /// One tap on `test_id`, scrolled to the middle of the screen first.
    async fn tap(&self, test_id: &str) {
        let center = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});";
        for attempt in 1.. {
            let element = self.wait_for(test_id).await;
            let clicked = match self
                .browser()
                .execute(center, vec![json!(Self::css(test_id))])
                .await
            {
                Ok(_) => element.click().await,
                Err(error) => Err(error),
            };
            match clicked {
                Ok(()) => return,
                Err(error) if attempt < 5 && error.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("cannot click {test_id}: {error}"),
            }
        }
    }

    /// Taps `test_id` until `expected` shows, at most three times, as a person taps again
    /// when nothing happened. On WebKitGTK a tap right after the screen re-rendered under
    /// the finger (a long pre-filled form) is sometimes lost before it reaches the app.
    pub async fn click_until(&self, test_id: &str, expected: &str) {
        for _ in 0..3 {
            self.click(test_id).await;
            let shown = self
                .browser()
                .wait()
                .at_most(Duration::from_secs(5))
                .for_element(Locator::Css(&Self::css(expected)))
                .await;
            if shown.is_ok() {
                return;
            }
        }
        self.wait_for(expected).await;
    }

    /// Types into a field (as the customer would, key by key).
    pub async fn fill(&self, test_id: &str, text: &str) {
        let element = self.wait_for(test_id).await;
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {test_id}: {e}"));
        // Nothing typed may be lost: the field must hold exactly the keys sent.
        let value = element
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert_eq!(value, text, "{test_id} lost keystrokes");
    }

    /// Replaces what a field holds with `text`, typed key by key.
    pub async fn replace(&self, test_id: &str, text: &str) {
        let element = self.wait_for(test_id).await;
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {test_id}: {e}"));
        self.fill(test_id, text).await;
    }

    /// The `data-testid` of the first element whose id starts with `prefix`.
    pub async fn first_test_id(&self, prefix: &str) -> String {
        self.wait_for_prefix(prefix).await;
        let element = self
            .browser()
            .find(Locator::Css(&format!("[data-testid^='{prefix}']")))
            .await
            .expect("found");
        element
            .attr("data-testid")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) async fn wait_for_prefix(&self, prefix: &str) {
        let css = format!("[data-testid^='{prefix}']");
        if let Err(error) = self
            .browser()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
        {
            panic!("nothing like {prefix}* appeared: {error}");
        }
    }

    /// Sets a date input (typing dates depends on the browser's locale).
    pub async fn set_date(&self, test_id: &str, iso: &str) {
        self.wait_for(test_id).await;
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));";
        self.browser()
            .execute(script, vec![json!(Self::css(test_id)), json!(iso)])
            .await
            .expect("date set");
    }

    /// Keeps what the screen looked like when a wait gave up: a screenshot and the page.
    pub(super) async fn failure_artifacts(&self, test_id: &str, page: &str) -> String {
        let folder = Self::screenshot_folder(self.name);
        let _ = std::fs::create_dir_all(&folder);
        let path = folder.join(format!("FAILED-{test_id}.png"));
        if let Ok(png) = self.browser().screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        let _ = std::fs::write(folder.join(format!("FAILED-{test_id}.html")), page);
        path.display().to_string()
    }

    /// `target/tmp/e2e-screenshots/<engine>/<journey>/`: both engines' shots side by side.
    pub(super) fn screenshot_folder(name: &str) -> PathBuf {
        let engine = if cfg!(feature = "mobile") {
            "webkit"
        } else {
            "chromium"
        };
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(engine)
            .join(name)
    }

    /// Saves screenshots of the current screen as the journey's next step, after checking
    /// the screen's accessibility: at 390×844, and again at 360×640 (a small Android phone),
    /// where nothing may scroll sideways either.
    pub async fn screenshot(&mut self, label: &str) -> PathBuf {
        self.check_accessibility(label).await;
        self.step += 1;
        let folder = Self::screenshot_folder(self.name);
        std::fs::create_dir_all(&folder).expect("screenshot folder");
        let path = folder.join(format!("{:02}-{label}.png", self.step));
        self.save_screenshot(&path).await;
        self.check_no_sideways_scroll(label).await;
        for (width, height) in [SMALL_SCREEN, SCREEN] {
            self.browser()
                .set_window_size(width, height)
                .await
                .unwrap_or_else(|e| panic!("cannot resize to {width}×{height}: {e}"));
            self.wait_for_layout(width).await;
            if (width, height) == SMALL_SCREEN {
                self.check_no_sideways_scroll(&format!("{label} at {width} px"))
                    .await;
                let small = folder.join(format!("{:02}-{label}-{width}.png", self.step));
                self.save_screenshot(&small).await;
            }
        }
        path
    }

    /// Waits until the page is laid out and painted at `width` (WebKit repaints a frame or
    /// two after a resize; a screenshot before that shows the old layout).
    pub(super) async fn wait_for_layout(&self, width: u32) {
        let painted = r#"
            const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => done(window.innerWidth)));
        "#;
        let started = Instant::now();
        loop {
            let seen = self.browser().execute_async(painted, vec![]).await.ok();
            if seen == Some(json!(width)) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "the page never took the {width} px width (last {seen:?})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(super) async fn save_screenshot(&self, path: &std::path::Path) {
        let png = self.browser().screenshot().await.expect("screenshot");
        std::fs::write(path, png).expect("screenshot saved");
    }

    /// A phone screen never scrolls sideways: nothing is wider than the viewport. A failure
    /// names the elements that stick out.
    pub(super) async fn check_no_sideways_scroll(&self, label: &str) {
        let script = r#"
            const width = document.documentElement.clientWidth;
            const name = (e) => `${e.tagName.toLowerCase()}.${e.className}`;
            const wide = [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > width + 0.5
                || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible"))
              .slice(0, 8)
              .map((e) => `${name(e)} (right ${Math.round(e.getBoundingClientRect().right)}, content ${e.scrollWidth} in ${e.clientWidth} px)`);
            return [document.documentElement.scrollWidth, window.innerWidth, wide];
        "#;
        let widths = self
            .browser()
            .execute(script, vec![])
            .await
            .expect("widths read");
        let (content, viewport) = (widths[0].as_i64(), widths[1].as_i64());
        assert!(
            matches!((content, viewport), (Some(c), Some(v)) if c <= v),
            "{label}: the page is {content:?} px wide in a {viewport:?} px viewport (it scrolls sideways): {}",
            widths[2]
        );
    }
}
