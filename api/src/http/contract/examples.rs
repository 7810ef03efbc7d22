//! Examples in the contract: a realistic answer for the main success schemas, and for every
//! problem response the problem this API really sends for that status, rendered by the same code
//! that renders problems (so an example cannot drift from the real shape).

use serde_json::{json, Value};

use crate::http::problem::{ApiError, ProblemCode};
use app::error::{AppError, AuthFailure, FieldError};
use app::texts::Text;

/// Examples of the main success schemas, as the demo data answers them.
pub fn schemas(v: &mut Value) {
    let review = json!({
        "id": "ord_de0000000000000000000002", "status": "waiting_for_review", "status_label": "Waiting for your review",
        "card_type": "standard", "company": {"name": "Byggbolaget Norr AB", "org_number": "556547-9770"},
        "full_name": "Åsa Karin Öbergh", "given_names": "Åsa Karin", "surname": "Öbergh", "name_to_print": "Åsa Öbergh",
        "date_of_birth": "1988-03-14", "nationality_in_order": "SE", "verified_nationality": "SE", "valid_until": "2029-12-01",
        "identity_check": {"result": "mismatch", "mismatches": [{"field": "surname", "order_value": "Öbergh", "verified_value": "OEBERG"}]},
        "contact_details": {"phone": "+46704450723", "email": "asa.oberg@example.se", "address": null, "postal_code": null, "city": null, "country": null, "missing": ["address", "postal_code", "city", "country"]},
        "can_accept": false, "rejection_reason": null, "version": "2.1",
        "created_at": "2026-11-30T22:09:11.108700Z", "updated_at": "2026-11-30T22:09:11.108700Z"
    });
    let mut accepted = review.clone();
    for (k, val) in [
        ("id", json!("ord_de0000000000000000000001")),
        ("status", json!("approved")),
        ("status_label", json!("Confirmed, waiting for production")),
        ("full_name", json!("Åsa Karin Öberg")),
        ("surname", json!("Öberg")),
        ("name_to_print", json!("Åsa Öberg")),
        (
            "identity_check",
            json!({"result": "match", "mismatches": []}),
        ),
        (
            "contact_details",
            json!({"phone": "+46704450723", "email": "asa.oberg@example.se", "address": "Storgatan 12", "postal_code": "114 55", "city": "Stockholm", "country": "SE", "missing": []}),
        ),
        ("version", json!("3.2")),
        ("updated_at", json!("2026-12-01T09:14:03.512000Z")),
    ] {
        accepted[k] = val;
    }
    let examples = [
        ("OrderReview", review),
        (
            "AcceptResponse",
            json!({"message": crate::http::routes::orders::CONFIRMATION, "order": accepted}),
        ),
        (
            "OrderPage",
            json!({"data": [{"id": "ord_de0000000000000000000001", "status": "waiting_for_review", "status_label": "Waiting for your review", "card_type": "standard", "company": {"name": "Byggbolaget Norr AB", "org_number": "556547-9770"}, "name_to_print": "Åsa Öberg", "valid_until": "2029-12-01", "created_at": "2026-11-30T23:09:11.108700Z", "updated_at": "2026-11-30T23:09:11.108700Z"}], "next_cursor": "1796080151108700.de0000000000000000000001", "has_more": true}),
        ),
        (
            // A company's trail (the cardholder's own has `actor: null`).
            "EventList",
            json!({"data": [
                {"id": "evt_13f06b9c8283092a27eb9910", "from_status": null, "to_status": "draft", "actor_kind": "member", "actor": {"kind": "member", "id": "mem_de0000000000000000000001", "name": "Anna Admin"}, "reason": null, "identity_proof": null, "created_at": "2026-11-30T22:09:11.109700Z"},
                {"id": "evt_d2e485ff6b65d1145d4a0b7a", "from_status": "draft", "to_status": "waiting_for_review", "actor_kind": "member", "actor": {"kind": "member", "id": "mem_de0000000000000000000001", "name": "Anna Admin"}, "reason": null, "identity_proof": null, "created_at": "2026-11-30T22:09:11.110700Z"},
                {"id": "evt_5c0a3e1f9b7d2c4e6a8b0d1f", "from_status": "waiting_for_review", "to_status": "rejected", "actor_kind": "cardholder", "actor": {"kind": "cardholder", "id": "acc_de0000000000000000000001", "name": "Åsa Karin Öberg"}, "reason": "My surname is spelled Öberg, not Öbergh.", "identity_proof": null, "created_at": "2026-12-01T09:12:44.020000Z"},
                {"id": "evt_7a1b3c5d7e9f1a2b3c4d5e6f", "from_status": "rejected", "to_status": "waiting_for_review", "actor_kind": "member", "actor": {"kind": "member", "id": "mem_de0000000000000000000001", "name": "Anna Admin"}, "reason": null, "identity_proof": null, "created_at": "2026-12-01T10:02:10.000000Z"},
                {"id": "evt_9e8d7c6b5a4f3e2d1c0b9a8f", "from_status": "waiting_for_review", "to_status": "approved", "actor_kind": "cardholder", "actor": {"kind": "cardholder", "id": "acc_de0000000000000000000001", "name": "Åsa Karin Öberg"}, "reason": null, "identity_proof": "passport_check", "created_at": "2026-12-01T10:15:31.000000Z"}
            ]}),
        ),
        (
            "Profile",
            json!({"id": "acc_de0000000000000000000001", "email": "asa.oberg@example.se", "phone_hint": "+46 *******23", "given_names": "Åsa Karin", "surname": "Öberg",
                "verified_identity": {"source": "passport", "surname": "OEBERG", "given_names": "AASA<KARIN", "name_zone": "mrz", "date_of_birth": "1988-03-14", "nationality": "SE", "issuing_country": "SE", "document_expires_on": "2030-12-01", "verified_at": "2026-11-29T01:09:11.108700Z"},
                "identity_verification": null,
                "contact_details": {"phone": "+46704450723", "email": "asa.oberg@example.se", "address": null, "postal_code": null, "city": null, "country": null, "missing": ["address", "postal_code", "city", "country"]},
                "companies": [], "platform_roles": [], "language": "sv"}),
        ),
    ];
    for (schema, example) in examples {
        if let Some(s) = v
            .pointer_mut(&format!("/components/schemas/{schema}"))
            .and_then(Value::as_object_mut)
        {
            s.insert("example".into(), example);
        }
    }
}

/// The problem an operation answers with `status`, as the API renders it.
fn problem_for(operation_id: &str, status: &str) -> Option<ApiError> {
    let unauthenticated = |f| ApiError::App(AppError::Unauthenticated(f));
    Some(match (operation_id, status) {
        ("create_login_challenge", "401") => unauthenticated(AuthFailure::InvalidCredentials),
        ("verify_login_challenge", "401") => {
            unauthenticated(AuthFailure::InvalidCode { remaining: 4 })
        }
        ("resend_login_code", "401") => unauthenticated(AuthFailure::ChallengeInvalid),
        ("refresh_tokens", "401") => unauthenticated(AuthFailure::InvalidRefreshToken),
        ("accept_my_card_order", "422") => ApiError::App(AppError::Unprocessable {
            code: ProblemCode::IdentityMismatch,
            detail: Text::new("problem-identity-mismatch"),
            errors: vec![FieldError::new(
                "surname",
                "mismatch",
                Text::new("field-mismatch")
                    .with("order_value", "Öbergh")
                    .with("verified_value", "OEBERG"),
            )],
        }),
        ("create_company", "403") => ApiError::App(AppError::Forbidden {
            code: ProblemCode::OperatorRequired,
            detail: Text::new("problem-operator-required"),
        }),
        ("create_company", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::OrgNumberTaken,
            detail: Text::new("problem-org-number-taken"),
        }),
        ("create_account", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::AccountExists,
            detail: Text::new("problem-account-exists"),
        }),
        ("invite_company_member", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::AlreadyMember,
            detail: Text::new("problem-already-member"),
        }),
        ("change_company_member_role" | "remove_company_member", "409") => {
            ApiError::App(AppError::Conflict {
                code: ProblemCode::LastAdmin,
                detail: Text::new("problem-last-admin"),
            })
        }
        ("resend_invitation" | "revoke_invitation", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::InvitationClosed,
            detail: Text::new("problem-invitation-closed").with("state", "completed"),
        }),
        ("start_bankid_sign_in", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::BankidAlreadyInProgress,
            detail: Text::new("bankid-rfa4"),
        }),
        ("cancel_bankid_approval" | "cancel_bankid_sign_in", "409") => {
            ApiError::App(AppError::Conflict {
                code: ProblemCode::BankidAttemptEnded,
                detail: Text::new("problem-bankid-attempt-ended"),
            })
        }
        ("get_bankid_sign_in", "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: Text::new("problem-sign-in-completed-meanwhile"),
        }),
        ("start_bankid_approval" | "get_bankid_approval" | "cancel_bankid_approval", "403") => {
            ApiError::App(AppError::Forbidden {
                code: ProblemCode::SecondFactorRequired,
                detail: Text::new("problem-second-factor-required"),
            })
        }
        (_, "403") => ApiError::App(AppError::Forbidden {
            code: ProblemCode::RoleNotAllowed,
            detail: Text::new("problem-role-not-allowed").with("role", "orderer"),
        }),
        (_, "400") => ApiError::BadRequest {
            code: ProblemCode::MalformedJson,
            detail: Text::new("problem-malformed-json")
                .with("line", 1_i64)
                .with("column", 12_i64),
        },
        (_, "401") => ApiError::unauthenticated(),
        (_, "404") => ApiError::not_found(),
        (_, "406") => ApiError::NotAcceptable,
        (_, "409") => ApiError::App(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: Text::new("problem-order-state")
                .with("status", "approved")
                .with_label("label", "order-status-approved".to_owned())
                .with("transition", "accept"),
        }),
        (_, "412") => ApiError::App(AppError::PreconditionFailed),
        (_, "428") => ApiError::PreconditionRequired,
        (_, "413") => ApiError::PayloadTooLarge {
            limit: crate::http::dto::body::BODY_LIMIT,
        },
        (_, "415") => ApiError::UnsupportedMediaType {
            expected: "application/json",
        },
        (_, "422") => ApiError::validation(vec![FieldError::new(
            "postal_code",
            "invalid_postal_code",
            Text::new("field-invalid_postal_code"),
        )]),
        (_, "429") => ApiError::App(AppError::RateLimited {
            retry_after_secs: 600,
        }),
        (_, "500") => ApiError::internal("example"),
        (_, "503") => ApiError::App(AppError::Unavailable("example".into())),
        _ => return None,
    })
}

/// Sets the example of every problem response.
pub fn problems(v: &mut Value) {
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|o| o.values_mut())
        {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, r) in responses.iter_mut() {
                let Some(media) = r
                    .pointer_mut("/content/application~1problem+json")
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                if let Some(e) = problem_for(&id, status) {
                    let mut example = serde_json::to_value(e.problem()).unwrap_or(Value::Null);
                    example["instance"] = json!("urn:id06:request:req_5b1e0c2a9d8f7e6a5b4c3d2e");
                    media.insert("example".into(), example);
                }
            }
        }
    }
}
