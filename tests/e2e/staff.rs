//! A sales assistant in a shop: signs a customer up after checking their ID, records a
//! purchase for another customer by member code; the new customer then chooses a password
//! with the emailed invitation code and logs in.

use companion_server::admin;

use crate::harness::{Journey, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sales_assistant_signs_a_customer_up_and_records_a_purchase() {
    let mut journey = Journey::start("staff", "pt-PT").await;
    admin::create_staff(
        &journey.api.state,
        "loja@companion.pt",
        PASSWORD,
        "Loja Chiado",
    )
    .await
    .expect("staff account");
    journey.customer("rui@example.pt").await;
    let member_code: String =
        sqlx::query_scalar("SELECT member_code FROM accounts WHERE email = $1")
            .bind("rui@example.pt")
            .fetch_one(journey.api.state.db.pool())
            .await
            .expect("member");

    journey.click("age-yes").await;
    journey.fill("login-email", "loja@companion.pt").await;
    journey.fill("login-password", PASSWORD).await;
    journey.click("login-submit").await;
    journey.wait_for("staff").await;
    journey.screenshot("staff-home").await;

    journey.fill("staff-email", "marta@example.pt").await;
    journey.fill("staff-given-name", "Marta").await;
    journey.fill("staff-family-name", "Lopes").await;
    journey.set_date("staff-birth-date", "1995-02-11").await;
    journey.click("staff-age-checked").await;
    journey.click("staff-terms").await;
    journey.click("staff-signup-submit").await;
    journey
        .wait_for_text("staff-signup-done", "marta@example.pt")
        .await;
    journey.screenshot("customer-signed-up").await;

    journey.fill("staff-member-code", &member_code).await;
    journey.fill("staff-amount", "12,50").await;
    journey.fill("staff-receipt", "T-000123").await;
    journey.click("staff-purchase-submit").await;
    journey
        .wait_for_text("staff-purchase-done", "12 pontos")
        .await;
    journey.screenshot("purchase-recorded").await;
    let points: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(l.points), 0) AS BIGINT) FROM loyalty_entries l JOIN accounts a ON a.id = l.account_id
         WHERE a.email = $1 AND l.kind = 'purchase'",
    )
    .bind("rui@example.pt")
    .fetch_one(journey.api.state.db.pool())
    .await
    .expect("ledger");
    assert_eq!(points, 12, "1 point per whole euro, once");

    // The new customer chooses a password with the invitation's code, then logs in.
    journey.click("nav-account").await;
    journey.click("logout").await;
    journey.click("forgot-password-link").await;
    journey.click("have-code").await;
    let code =
        companion_server::testing::code_from_email(&journey.api.mail_dir, "marta@example.pt", 0)
            .await;
    journey.fill("reset-code", &code).await;
    journey
        .fill("reset-new-password", "andorinha-miradouro-graca")
        .await;
    journey.click("reset-confirm").await;
    journey.wait_for("password-changed").await;
    journey.click("password-changed-login").await;
    journey.fill("login-email", "marta@example.pt").await;
    journey
        .fill("login-password", "andorinha-miradouro-graca")
        .await;
    journey.click("login-submit").await;
    journey.wait_for_text("home", "Marta").await;
    journey.screenshot("invited-customer-home").await;
    journey.finish().await;
}
