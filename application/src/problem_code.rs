//! The stable `code` of every problem, the one vocabulary of refusals: use cases name theirs
//! with it, the HTTP layer adds its own and documents the list as the contract's enum. Add a
//! new code here; a string code cannot be written.

use serde::Serialize;

/// Every `code` a problem can carry: one list gives the enum, its strings and the contract's enum.
macro_rules! problem_codes {
    ($($variant:ident => $s:literal),* $(,)?) => {
        /// Every `code` a problem can carry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ProblemCode {
            $($variant),*
        }

        impl ProblemCode {
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $s),*
                }
            }
        }
    };
}

problem_codes! {
    BadRequest => "bad_request",
    MalformedJson => "malformed_json",
    DuplicateMember => "duplicate_member",
    MalformedBody => "malformed_body",
    InvalidQuery => "invalid_query",
    InvalidLimit => "invalid_limit",
    InvalidCursor => "invalid_cursor",
    InvalidIfMatch => "invalid_if_match",
    InvalidIfNoneMatch => "invalid_if_none_match",
    InvalidIdempotencyKey => "invalid_idempotency_key",
    InvalidToken => "invalid_token",
    InvalidCredentials => "invalid_credentials",
    InvalidCode => "invalid_code",
    ChallengeInvalid => "challenge_invalid",
    InvalidRefreshToken => "invalid_refresh_token",
    SecondFactorRequired => "second_factor_required",
    RoleNotAllowed => "role_not_allowed",
    OperatorRequired => "operator_required",
    Forbidden => "forbidden",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    NotAcceptable => "not_acceptable",
    InvalidState => "invalid_state",
    ConcurrentChange => "concurrent_change",
    EndpointDisabled => "endpoint_disabled",
    TooManyEndpoints => "too_many_endpoints",
    Conflict => "conflict",
    OrgNumberTaken => "org_number_taken",
    AlreadyMember => "already_member",
    LastAdmin => "last_admin",
    AccountExists => "account_exists",
    InvitationClosed => "invitation_closed",
    PreconditionFailed => "precondition_failed",
    PreconditionRequired => "precondition_required",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    ValidationFailed => "validation_failed",
    NotASpreadsheet => "not_a_spreadsheet",
    NotUtf8 => "not_utf8",
    TooManyRows => "too_many_rows",
    SpreadsheetTooLarge => "spreadsheet_too_large",
    MissingColumns => "missing_columns",
    EmptySpreadsheet => "empty_spreadsheet",
    NoDeliveryAddress => "no_delivery_address",
    InvalidLink => "invalid_link",
    InsufficientScope => "insufficient_scope",
    InvalidRequest => "invalid_request",
    InvalidClient => "invalid_client",
    InvalidScope => "invalid_scope",
    UnsupportedGrantType => "unsupported_grant_type",
    ClientRevoked => "client_revoked",
    ClientRoleRequired => "client_role_required",
    WrongPassword => "wrong_password",
    IdentityNumberMismatch => "identity_number_mismatch",
    CardNumberMismatch => "card_number_mismatch",
    PortraitMissing => "portrait_missing",
    DocumentExpired => "document_expired",
    PhoneChangeClosed => "phone_change_closed",
    IdentityMismatch => "identity_mismatch",
    IdentityUnverified => "identity_unverified",
    ContactDetailsIncomplete => "contact_details_incomplete",
    IdempotencyKeyReused => "idempotency_key_reused",
    BankidAlreadyInProgress => "bankid_already_in_progress",
    BankidAttemptEnded => "bankid_attempt_ended",
    RateLimited => "rate_limited",
    InternalError => "internal_error",
    ServiceUnavailable => "service_unavailable",
}
