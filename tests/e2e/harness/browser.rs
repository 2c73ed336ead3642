//! Driving the page: waits, taps, typing, screenshots, and Chromium's DevTools commands.

use super::*;

/// `POST /session/{id}/goog/cdp/execute`: chromedriver's door to the DevTools protocol.
#[derive(Debug)]
struct CdpCommand {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Journey {
    pub(super) fn css(test_id: &str) -> String {
        format!("[data-testid='{test_id}']")
    }

    /// Waits until an element with `data-testid` is present.
    pub async fn wait_for(&self, test_id: &str) -> fantoccini::elements::Element {
        let css = Self::css(test_id);
        match self
            .browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                let page = self.browser.source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never appeared ({error}); screenshot {shot}; page:\n{page:.3000}")
            }
        }
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_for_text(&self, test_id: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.browser.find(Locator::Css(&Self::css(test_id))).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            if started.elapsed() > WAIT {
                let page = self.browser.source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never said {needle:?}; last: {text:?}; screenshot {shot}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Scrolls the element to the middle of the screen (clear of the fixed tab bar, as a
    /// finger would) and clicks it.
    /// A screen that re-renders between finding and clicking (sync brought fresh data)
    /// replaces the element: find it again, as a person would tap the new one.
    pub async fn click(&self, test_id: &str) {
        let center = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});";
        for attempt in 1.. {
            let element = self.wait_for(test_id).await;
            let clicked = match self
                .browser
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
            .browser
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
            .browser
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
        self.browser
            .execute(script, vec![json!(Self::css(test_id)), json!(iso)])
            .await
            .expect("date set");
    }

    /// Keeps what the screen looked like when a wait gave up: a screenshot and the page.
    pub(super) async fn failure_artifacts(&self, test_id: &str, page: &str) -> String {
        let folder = Self::screenshot_folder(self.name);
        let _ = std::fs::create_dir_all(&folder);
        let path = folder.join(format!("FAILED-{test_id}.png"));
        if let Ok(png) = self.browser.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        let _ = std::fs::write(folder.join(format!("FAILED-{test_id}.html")), page);
        path.display().to_string()
    }

    pub(super) fn screenshot_folder(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(name)
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (for what WebDriver
    /// has no command for, such as the phone's location).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) {
        self.browser
            .issue_cmd(CdpCommand {
                cmd: cmd.to_string(),
                params,
            })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
    }

    /// Lets the app know the phone is at this position (permission granted, as a customer
    /// who taps "allow").
    pub async fn set_location(&self, latitude: f64, longitude: f64) {
        self.cdp(
            "Browser.grantPermissions",
            json!({"permissions": ["geolocation"], "origin": self.app_url}),
        )
        .await;
        self.cdp(
            "Emulation.setGeolocationOverride",
            json!({"latitude": latitude, "longitude": longitude, "accuracy": 25}),
        )
        .await;
    }

    /// Saves a screenshot of the current screen as the journey's next step, after checking
    /// the screen's accessibility.
    pub async fn screenshot(&mut self, label: &str) -> PathBuf {
        self.check_accessibility(label).await;
        self.step += 1;
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(self.name);
        std::fs::create_dir_all(&folder).expect("screenshot folder");
        let path = folder.join(format!("{:02}-{label}.png", self.step));
        let png = self.browser.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).expect("screenshot saved");
        self.check_no_sideways_scroll(label).await;
        path
    }

    /// A phone screen never scrolls sideways: nothing is wider than the viewport.
    pub(super) async fn check_no_sideways_scroll(&self, label: &str) {
        let widths = self
            .browser
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("widths read");
        let (content, viewport) = (widths[0].as_i64(), widths[1].as_i64());
        assert!(
            matches!((content, viewport), (Some(c), Some(v)) if c <= v),
            "{label}: the page is {content:?} px wide in a {viewport:?} px viewport (it scrolls sideways)"
        );
    }
}
