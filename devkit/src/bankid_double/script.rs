//! What the double's orders do: a scenario is the list of `/collect` answers an order gives, one
//! per call, the last repeated until the order is forgotten.

use serde::Deserialize;
use serde_json::{json, Value};

/// How an order ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// `outstandingTransaction → started → userSign → complete`.
    Complete,
    /// As `complete`, with the passport / national ID step-up (`userMrtd`, `stepUp.mrtd`).
    Mrtd,
    UserCancel,
    Expired,
    StartFailed,
    CertificateErr,
}

/// The person BankID says it identified.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub personal_number: String,
    pub given_name: String,
    pub surname: String,
}

impl User {
    /// Whom the double identifies when nobody said otherwise (a valid test personal number).
    pub fn default_for(personal_number: Option<&str>) -> User {
        User {
            personal_number: personal_number.unwrap_or("198112189876").to_owned(),
            given_name: "Anna Maria".into(),
            surname: "Bänkström".into(),
        }
    }
}

/// A scenario and the person it completes with.
#[derive(Debug, Clone, Deserialize)]
pub struct Script {
    pub scenario: Scenario,
    #[serde(default)]
    pub user: Option<User>,
}

/// One `/collect` answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Pending(&'static str),
    Failed(&'static str),
    Complete { mrtd: bool },
}

impl Step {
    pub fn is_final(self) -> bool {
        !matches!(self, Step::Pending(_))
    }
}

impl Scenario {
    /// The answers in order. `mrtd_required`: the relying party asked for the step-up, so a
    /// plain `complete` does it too.
    pub fn steps(self, mrtd_required: bool) -> Vec<Step> {
        use Step::{Complete, Failed, Pending};
        match self {
            Scenario::Complete if !mrtd_required => vec![
                Pending("outstandingTransaction"),
                Pending("started"),
                Pending("userSign"),
                Complete { mrtd: false },
            ],
            Scenario::Complete | Scenario::Mrtd => vec![
                Pending("outstandingTransaction"),
                Pending("started"),
                Pending("userMrtd"),
                Pending("userSign"),
                Complete { mrtd: true },
            ],
            Scenario::UserCancel => vec![
                Pending("outstandingTransaction"),
                Pending("started"),
                Failed("userCancel"),
            ],
            Scenario::Expired => vec![
                Pending("outstandingTransaction"),
                Pending("outstandingTransaction"),
                Failed("expiredTransaction"),
            ],
            Scenario::StartFailed => vec![Pending("outstandingTransaction"), Failed("startFailed")],
            Scenario::CertificateErr => vec![
                Pending("outstandingTransaction"),
                Pending("started"),
                Failed("certificateErr"),
            ],
        }
    }
}

/// The `/collect` body for `step` of order `order_ref`.
pub fn collect_body(order_ref: &str, step: Step, user: &User, end_user_ip: &str) -> Value {
    match step {
        Step::Pending(hint) => {
            json!({"orderRef": order_ref, "status": "pending", "hintCode": hint})
        }
        Step::Failed(hint) => json!({"orderRef": order_ref, "status": "failed", "hintCode": hint}),
        Step::Complete { mrtd } => {
            let mut completion = json!({
                "user": {
                    "personalNumber": user.personal_number,
                    "name": format!("{} {}", user.given_name, user.surname),
                    "givenName": user.given_name,
                    "surname": user.surname,
                },
                "device": {"ipAddress": end_user_ip, "uhi": "OZvYM9VvyiAmG7NA5jU5zqGcVpo="},
                "bankIdIssueDate": "2024-01-15",
                // Not a real signature: the double signs nothing.
                "signature": "PGRvdWJsZT48L2RvdWJsZT4=",
                "ocspResponse": "ZG91Ymxl",
            });
            if mrtd {
                completion["stepUp"] = json!({"mrtd": true});
            }
            json!({"orderRef": order_ref, "status": "complete", "completionData": completion})
        }
    }
}
