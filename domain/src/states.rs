//! States, kinds and outcomes that rows carry and no richer rule owns: each is a closed set,
//! stored as its code.

use crate::stored_enum;

stored_enum! {
    /// Where a BankID identification stands in this service.
    pub enum BankIdAttemptStatus ("invalid_bankid_attempt_status") {
        Pending => "pending",
        Complete => "complete",
        Failed => "failed",
        Cancelled => "cancelled",
    }
}

stored_enum! {
    /// What a BankID identification is for.
    pub enum BankIdPurpose ("invalid_bankid_purpose") {
        ApproveOrder => "approve_order",
        SignIn => "sign_in",
    }
}

stored_enum! {
    /// The verdict of a document check, or of the evidence made from it.
    pub enum Verdict ("invalid_verdict") {
        /// Verified.
        Green => "green",
        /// Inconclusive.
        Yellow => "yellow",
        /// Refused.
        Red => "red",
    }
}

stored_enum! {
    /// The image format of an identity check's portrait, stored as its media type.
    pub enum PortraitType ("invalid_portrait_type") {
        Jpeg => "image/jpeg",
        Png => "image/png",
    }
}

stored_enum! {
    /// Which zone of a document the evidence's name was read from: the visual zone (as printed,
    /// with national letters; BankID's name too) or the machine-readable zone (ICAO letters).
    pub enum NameZone ("invalid_name_zone") {
        Visual => "visual",
        Mrz => "mrz",
    }
}

impl Verdict {
    /// What the person is to do next after a document check with this verdict, in the words
    /// the person and companies are shown.
    pub fn next_step(self) -> &'static str {
        match self {
            Self::Green => "Create your account with the emailed link, confirming the identity number on your card order.",
            Self::Yellow => "The check was inconclusive: visit the identity-verification partner again with a valid, undamaged passport or national ID card.",
            Self::Red => "The document was not accepted: contact the identity-verification partner; a card cannot be ordered on this document.",
        }
    }
}

stored_enum! {
    /// Where an invitation to a cardholder stands, as stored (expiry is read from its time).
    pub enum InvitationState ("invalid_invitation_state") {
        Pending => "pending",
        Completed => "completed",
        Revoked => "revoked",
    }
}

stored_enum! {
    /// How a queued message reaches its recipient.
    pub enum Channel ("invalid_channel") {
        Sms => "sms",
        Email => "email",
    }
}

stored_enum! {
    /// Whether a webhook endpoint receives deliveries.
    pub enum EndpointStatus ("invalid_endpoint_status") {
        Enabled => "enabled",
        Disabled => "disabled",
    }
}

stored_enum! {
    /// Where one webhook delivery stands.
    pub enum DeliveryStatus ("invalid_delivery_status") {
        Pending => "pending",
        Succeeded => "succeeded",
        Failed => "failed",
    }
}

stored_enum! {
    /// Every kind of entry in the security audit log.
    pub enum SecurityEventKind ("invalid_security_event_kind") {
        SignInSucceeded => "sign_in_succeeded",
        SignInFailed => "sign_in_failed",
        SignInThrottled => "sign_in_throttled",
        CodeFailed => "code_failed",
        RefreshTokenReused => "refresh_token_reused",
        SessionRevoked => "session_revoked",
        PasswordChanged => "password_changed",
        CurrentPasswordWrong => "current_password_wrong",
        PasswordResetRequested => "password_reset_requested",
        PasswordReset => "password_reset",
        PhoneChanged => "phone_changed",
        ClientCreated => "client_created",
        ClientSecretRotated => "client_secret_rotated",
        ClientRevoked => "client_revoked",
        ClientAuthenticationFailed => "client_authentication_failed",
        EvidenceRegistered => "evidence_registered",
        IdentityNumberWrong => "identity_number_wrong",
        RetentionApplied => "retention_applied",
        PersonalDataExported => "personal_data_exported",
        PersonalDataErased => "personal_data_erased",
    }
}

stored_enum! {
    /// What of a person's identity data someone else read.
    pub enum IdentityDataRead ("invalid_identity_data_read") {
        /// An order's identity check: the order compared with the person's verified identity.
        OrderIdentityCheck => "order_identity_check",
        /// The portrait from their identity document.
        Portrait => "portrait",
        /// A document check the identity verifier registered.
        IdentityCheck => "identity_check",
        /// The security log about them.
        SecurityLog => "security_log",
    }
}

stored_enum! {
    /// Where an import of card orders from a spreadsheet stands.
    pub enum ImportStatus ("invalid_import_status") {
        /// Checked and waiting for the job.
        Queued => "queued",
        /// The job is placing the orders.
        Running => "running",
        /// Done: the valid rows' orders are placed.
        Completed => "completed",
        /// Nothing placed: `all_or_nothing` and a row was invalid.
        Rejected => "rejected",
    }
}

stored_enum! {
    /// What an import does with a file that has invalid rows.
    pub enum ImportMode ("invalid_import_mode") {
        /// Places the valid rows' orders and reports the others.
        ValidRows => "valid_rows",
        /// Places nothing unless every row is valid.
        AllOrNothing => "all_or_nothing",
    }
}

stored_enum! {
    /// Where one row of an import stands.
    pub enum ImportRowStatus ("invalid_import_row_status") {
        /// Valid, its order not yet placed.
        Pending => "pending",
        /// Its order is placed.
        Placed => "placed",
        /// It has problems; no order.
        Invalid => "invalid",
        /// Valid, but not placed: another row of an all-or-nothing import was invalid.
        NotPlaced => "not_placed",
    }
}
