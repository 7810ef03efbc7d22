//! Inviting a cardholder: the email with the link, the invitee's answer becoming a draft, the
//! company submitting it, and the cardholder approving it; resend, revoke, and what a token opens.

use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ERIK_EMAIL, OTHER_ADMIN_EMAIL,
};
use serde_json::{json, Value};

fn path() -> String {
    format!("/v1/companies/{COMPANY_ID}/invitations")
}

fn answer() -> Value {
    json!({"given_names": "Nils Erik", "surname": "Holm", "date_of_birth": "1990-05-17", "nationality": "SE", "phone": "070-123 45 67"})
}

/// Erik's data as on his national ID card (the demo's verified identity).
fn eriks_answer() -> Value {
    json!({"given_names": "Erik Johan", "surname": "Lindström", "date_of_birth": "1979-09-02", "nationality": "SE", "phone": "070-123 45 67"})
}

/// The token of the `n`-th invitation email to `to`.
async fn invitation_token(app: &TestApp, to: &str, n: usize) -> String {
    let mail = app.nth_email_to(to, n).await;
    mail["link"]
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_invitee_answers_the_company_submits_and_the_cardholder_approves() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let t = Some(admin.access_token.as_str());
    let invitation = the_company_invites_and_the_invitee_is_emailed(&app, t).await;
    let token = invitation_token(&app, ERIK_EMAIL, 1).await;
    the_invitee_answers_once_through_the_link_alone(&app, &token).await;
    let order_id = the_member_is_told_and_submits_the_draft(&app, t, &invitation).await;
    let order_path = format!("/v1/companies/{COMPANY_ID}/card-orders/{order_id}");
    // Erik approves it.
    let erik = app.cardholder_ready_to_accept(ERIK_EMAIL).await;
    let accepted = expect(app.accept(&order_id, &erik.access_token, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");

    // The trail names the invitee, the member, then the cardholder.
    let events = expect(app.get(&format!("{order_path}/events"), t).await, 200).await;
    let kinds: Vec<&str> = events["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["actor_kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kinds, ["cardholder", "member", "cardholder"]);
}

/// The invitation (201, `Location`), and the email to the invitee naming the company.
async fn the_company_invites_and_the_invitee_is_emailed(app: &TestApp, t: Option<&str>) -> Value {
    let r = app
        .post(
            &path(),
            t,
            Some(json!({"email": ERIK_EMAIL, "card_type": "standard"})),
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let invitation = expect(r, 201).await;
    assert_eq!(invitation["status"], "pending");
    assert_eq!(
        location,
        format!(
            "{}/{}",
            path(),
            invitation["id"].as_str().unwrap_or_default()
        )
    );
    let mail = app.nth_email_to(ERIK_EMAIL, 1).await;
    assert!(
        mail["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Byggbolaget Norr AB"),
        "{mail}"
    );
    invitation
}

/// What the link opens, without any other credential: bad data is named and the link still
/// works; the answer is taken once only.
async fn the_invitee_answers_once_through_the_link_alone(app: &TestApp, token: &str) {
    let asked = expect(
        app.get(&format!("/v1/invitations/{token}"), None).await,
        200,
    )
    .await;
    assert_eq!(asked["company"]["name"], "Byggbolaget Norr AB");
    assert_eq!(asked["email"], ERIK_EMAIL);
    // Bad data is named; the link still works after it.
    let mut bad = eriks_answer();
    bad["date_of_birth"] = json!("1990-02-30");
    let p = expect(
        app.post(
            &format!("/v1/invitations/{token}/submission"),
            None,
            Some(bad),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "date_of_birth");
    let receipt = expect(
        app.post(
            &format!("/v1/invitations/{token}/submission"),
            None,
            Some(eriks_answer()),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(receipt["company"]["org_number"], "556547-9770");
    // Once only.
    expect(
        app.post(
            &format!("/v1/invitations/{token}/submission"),
            None,
            Some(answer()),
        )
        .await,
        404,
    )
    .await;
    expect(
        app.get(&format!("/v1/invitations/{token}"), None).await,
        404,
    )
    .await;
}

/// The inviting member is told; the draft is there to submit: its order id.
async fn the_member_is_told_and_submits_the_draft(
    app: &TestApp,
    t: Option<&str>,
    invitation: &Value,
) -> String {
    let ready = app.nth_email_to(ADMIN_EMAIL, 1).await;
    assert!(
        ready["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("ready to submit"),
        "{ready}"
    );
    let done = expect(
        app.get(
            &format!(
                "{}/{}",
                path(),
                invitation["id"].as_str().unwrap_or_default()
            ),
            t,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(done["status"], "completed");
    let order_id = done["order_id"].as_str().unwrap_or_default().to_owned();
    let order_path = format!("/v1/companies/{COMPANY_ID}/card-orders/{order_id}");
    let draft = expect(app.get(&order_path, t).await, 200).await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["cardholder_email"], ERIK_EMAIL);
    assert_eq!(draft["cardholder_phone"], "+46701234567");
    assert_eq!(
        draft["identity_check"]["result"], "match",
        "Erik's national ID card"
    );
    let submitted = expect(
        app.post(&format!("{order_path}/submit"), t, None).await,
        200,
    )
    .await;
    assert_eq!(submitted["status"], "waiting_for_review");
    expect(
        app.post(&format!("{order_path}/submit"), t, None).await,
        409,
    )
    .await;
    let told = app.nth_email_to(ERIK_EMAIL, 2).await;
    assert!(
        told["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("ordered an ID06 card"),
        "{told}"
    );
    order_id
}

#[tokio::test]
async fn an_invitation_is_resent_or_revoked_and_its_old_link_dies() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let t = Some(admin.access_token.as_str());
    let invitation = expect(
        app.post(
            &path(),
            t,
            Some(json!({"email": "kim@example.se", "card_type": "standard"})),
        )
        .await,
        201,
    )
    .await;
    let one = format!(
        "{}/{}",
        path(),
        invitation["id"].as_str().unwrap_or_default()
    );
    let first = invitation_token(&app, "kim@example.se", 1).await;
    let resent = expect(app.post(&format!("{one}/resend"), t, None).await, 200).await;
    assert_eq!(resent["sends"], 2);
    let second = invitation_token(&app, "kim@example.se", 2).await;
    assert_ne!(first, second);
    expect(
        app.get(&format!("/v1/invitations/{first}"), None).await,
        404,
    )
    .await;
    expect(
        app.get(&format!("/v1/invitations/{second}"), None).await,
        200,
    )
    .await;

    let revoked = expect(app.post(&format!("{one}/revoke"), t, None).await, 200).await;
    assert_eq!(revoked["status"], "revoked");
    expect(
        app.get(&format!("/v1/invitations/{second}"), None).await,
        404,
    )
    .await;
    let p = expect(app.post(&format!("{one}/resend"), t, None).await, 409).await;
    assert_eq!(p["code"], "invitation_closed");

    // Expired after 14 days; it can be sent again.
    let late = expect(
        app.post(
            &path(),
            t,
            Some(json!({"email": "late@example.se", "card_type": "standard"})),
        )
        .await,
        201,
    )
    .await;
    let late_path = format!("{}/{}", path(), late["id"].as_str().unwrap_or_default());
    let token = invitation_token(&app, "late@example.se", 1).await;
    app.clock.advance(chrono::TimeDelta::days(15));
    expect(
        app.get(&format!("/v1/invitations/{token}"), None).await,
        404,
    )
    .await;
    // Two weeks on, the member signs in again.
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let t = Some(admin.access_token.as_str());
    let seen = expect(app.get(&late_path, t).await, 200).await;
    assert_eq!(seen["status"], "expired");
    let again = expect(app.post(&format!("{late_path}/resend"), t, None).await, 200).await;
    assert_eq!(again["status"], "pending");

    // Newest first, two at a time: these two, then the demo's own.
    let list = expect(app.get(&format!("{}?limit=2", path()), t).await, 200).await;
    assert_eq!(list["data"][0]["id"], late["id"]);
    assert_eq!(list["data"][1]["id"], invitation["id"]);
    let cursor = list["next_cursor"].as_str().unwrap_or_default();
    let rest = expect(
        app.get(&format!("{}?limit=2&cursor={cursor}", path()), t)
            .await,
        200,
    )
    .await;
    assert_eq!(
        rest["data"][0]["status"], "expired",
        "the clock moved past it too"
    );
    assert_eq!(rest["has_more"], false);
}

#[tokio::test]
async fn unknown_tokens_are_throttled_and_invitations_stay_the_companys() {
    let app = TestApp::spawn().await;
    let mut last = 0;
    for _ in 0..21 {
        last = app
            .get("/v1/invitations/ivt_unknown", None)
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "the 21st miss from one address");

    let admin = app.sign_in(ADMIN_EMAIL).await;
    let invitation = expect(
        app.post(
            &path(),
            Some(&admin.access_token),
            Some(json!({"email": "x@example.se", "card_type": "standard"})),
        )
        .await,
        201,
    )
    .await;
    let one = format!(
        "{}/{}",
        path(),
        invitation["id"].as_str().unwrap_or_default()
    );
    for who in [OTHER_ADMIN_EMAIL, ASA_EMAIL] {
        let s = app.sign_in(who).await;
        let t = Some(s.access_token.as_str());
        expect(app.get(&path(), t).await, 404).await;
        expect(app.get(&one, t).await, 404).await;
        expect(app.post(&format!("{one}/resend"), t, None).await, 404).await;
        expect(app.post(&format!("{one}/revoke"), t, None).await, 404).await;
        expect(
            app.post(
                &path(),
                t,
                Some(json!({"email": "y@example.se", "card_type": "standard"})),
            )
            .await,
            404,
        )
        .await;
    }
}
