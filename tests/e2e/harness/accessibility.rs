//! axe-core on every screenshotted screen: no serious or critical violation passes.

use super::*;

/// The axe-core script: `AXE_CORE_JS`, or where `scripts/fetch-axe.sh` keeps it.
pub(super) fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/companion/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is needed at {} ({e}): run scripts/fetch-axe.sh",
            path.display()
        )
    })
}

impl Journey {
    /// Runs axe-core on the current screen and fails on any serious or critical violation
    /// (WCAG 2.1 A/AA rules and axe's best practices), listing each with its elements.
    pub async fn check_accessibility(&self, label: &str) {
        let loaded = self
            .browser()
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .expect("script runs");
        if loaded != json!(true) {
            self.browser()
                .execute(&axe_source(), vec![])
                .await
                .expect("axe-core injected");
        }
        let run = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
              .then((r) => done(r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)))
              .catch((e) => done([`axe failed: ${e}`]));
        "#;
        let violations = self
            .browser()
            .execute_async(run, vec![])
            .await
            .expect("axe ran");
        let violations: Vec<String> = serde_json::from_value(violations).unwrap_or_default();
        assert!(
            violations.is_empty(),
            "{label}: accessibility violations:\n{}",
            violations.join("\n")
        );
    }
}
