//! The steps of a card order's review that many tests take: the company edits, the cardholder
//! gets ready (verified, contact details complete), accepts or rejects, and reads with the ETag.

use reqwest::Response;
use serde_json::{json, Value};

use crate::{expect, Session, TestApp, ADMIN_EMAIL, COMPANY_ID};

/// A validity `years` from today.
pub fn in_years(years: u32) -> String {
    let today = chrono::Utc::now().date_naive();
    today
        .checked_add_months(chrono::Months::new(years * 12))
        .unwrap_or(today)
        .to_string()
}

impl TestApp {
    /// The demo company's administrator edits the order through the API (a merge patch with
    /// the order's current `ETag`): its version moves on and it waits for review again.
    pub async fn company_edits(&self, order_id: &str) {
        let admin = self.sign_in(ADMIN_EMAIL).await;
        let path = format!("/v1/companies/{COMPANY_ID}/card-orders/{order_id}");
        let (etag, order) = self.get_with_etag(&path, &admin.access_token).await;
        let r = self
            .client
            .patch(self.url(&path))
            .bearer_auth(&admin.access_token)
            .header("If-Match", etag)
            .header("Content-Type", "application/merge-patch+json")
            .body(json!({ "name_to_print": order["name_to_print"] }).to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("company edit: {e}"));
        expect(r, 200).await;
    }

    /// A cardholder signed in with password and SMS code, contact details complete: ready to
    /// accept an order that matches their identity.
    pub async fn cardholder_ready_to_accept(&self, email: &str) -> Session {
        let s = self.sign_in(email).await;
        self.complete_contact(&s.access_token).await;
        s
    }

    /// `POST /v1/me/card-orders/{order}/accept`, with an optional body.
    pub async fn accept(&self, order: &str, token: &str, body: Option<Value>) -> Response {
        self.post(
            &format!("/v1/me/card-orders/{order}/accept"),
            Some(token),
            body,
        )
        .await
    }

    /// `POST /v1/me/card-orders/{order}/accept` without a body, with an `If-Match` header.
    pub async fn accept_if_match(
        &self,
        order: &str,
        token: &str,
        if_match: impl AsRef<str>,
    ) -> Response {
        self.client
            .post(self.url(&format!("/v1/me/card-orders/{order}/accept")))
            .bearer_auth(token)
            .header("If-Match", if_match.as_ref())
            .send()
            .await
            .unwrap_or_else(|e| panic!("accept {order}: {e}"))
    }

    /// `POST /v1/me/card-orders/{order}/reject` with a reason.
    pub async fn reject(&self, order: &str, token: &str, reason: &str) -> Response {
        self.post(
            &format!("/v1/me/card-orders/{order}/reject"),
            Some(token),
            Some(json!({ "reason": reason })),
        )
        .await
    }

    /// The `ETag` of a GET, with the body.
    pub async fn get_with_etag(&self, path: &str, token: &str) -> (String, Value) {
        let r = self.get(path, Some(token)).await;
        let etag = r
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (etag, expect(r, 200).await)
    }
}
