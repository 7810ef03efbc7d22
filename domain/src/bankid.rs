//! BankID (Relying Party API v6) as the rules see it: where an order stands after `/collect`,
//! the hint codes and error codes BankID answers with, and what the person is told — BankID's
//! recommended user messages ("RFA"). BankID adds codes over time, so an unknown one is kept as
//! it came and told generically (RFA22), never refused.

use std::fmt;

/// The code called `raw` in a table of known codes.
fn named<T: Clone>(known: &[(&'static str, T)], raw: &str) -> Option<T> {
    known
        .iter()
        .find(|(name, _)| *name == raw)
        .map(|(_, code)| code.clone())
}

/// The name of a known `code` in its table.
fn name_of<T: PartialEq>(known: &[(&'static str, T)], code: &T) -> &'static str {
    known
        .iter()
        .find(|(_, c)| c == code)
        .map_or("", |(name, _)| name)
}

/// The `status` of a `/collect` answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollectStatus {
    Pending,
    Failed,
    Complete,
}

impl CollectStatus {
    pub fn parse(raw: &str) -> Option<CollectStatus> {
        match raw {
            "pending" => Some(Self::Pending),
            "failed" => Some(Self::Failed),
            "complete" => Some(Self::Complete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Failed => "failed",
            Self::Complete => "complete",
        }
    }
}

/// A `hintCode` of a pending or failed order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HintCode {
    // Pending.
    OutstandingTransaction,
    NoClient,
    Started,
    /// The app waits for the person to scan their passport or national ID card (MRTD step-up).
    UserMrtd,
    UserCallConfirm,
    UserSign,
    // Failed.
    ExpiredTransaction,
    CertificateErr,
    UserCancel,
    Cancelled,
    StartFailed,
    UserDeclinedCall,
    /// A code this version does not know, as BankID sent it.
    Unknown(String),
}

impl HintCode {
    const KNOWN: [(&'static str, HintCode); 12] = [
        ("outstandingTransaction", Self::OutstandingTransaction),
        ("noClient", Self::NoClient),
        ("started", Self::Started),
        ("userMrtd", Self::UserMrtd),
        ("userCallConfirm", Self::UserCallConfirm),
        ("userSign", Self::UserSign),
        ("expiredTransaction", Self::ExpiredTransaction),
        ("certificateErr", Self::CertificateErr),
        ("userCancel", Self::UserCancel),
        ("cancelled", Self::Cancelled),
        ("startFailed", Self::StartFailed),
        ("userDeclinedCall", Self::UserDeclinedCall),
    ];

    /// Every code is accepted: an unknown one becomes `Unknown`.
    pub fn parse(raw: &str) -> HintCode {
        named(&Self::KNOWN, raw).unwrap_or_else(|| Self::Unknown(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(raw) => raw,
            known => name_of(&Self::KNOWN, known),
        }
    }

    /// What the person is told while the order is pending or after it failed. `qr` is whether
    /// the order was started with the animated QR code (another device) rather than autostart on
    /// this one: the first messages differ.
    pub fn message(&self, qr: bool) -> Rfa {
        match self {
            Self::OutstandingTransaction | Self::NoClient if qr => Rfa::Rfa1,
            Self::OutstandingTransaction => Rfa::Rfa13,
            Self::NoClient => Rfa::Rfa1,
            Self::Started => Rfa::Rfa14,
            Self::UserMrtd => Rfa::Rfa23,
            Self::UserCallConfirm | Self::UserSign => Rfa::Rfa9,
            Self::ExpiredTransaction => Rfa::Rfa8,
            Self::CertificateErr => Rfa::Rfa16,
            Self::UserCancel | Self::UserDeclinedCall => Rfa::Rfa6,
            Self::Cancelled => Rfa::Rfa3,
            Self::StartFailed => Rfa::Rfa17,
            Self::Unknown(_) => Rfa::Rfa21,
        }
    }

    /// The message for a failed order with this code (an unknown failure is RFA22, an unknown
    /// pending code RFA21).
    pub fn failure_message(&self, qr: bool) -> Rfa {
        match self {
            Self::Unknown(_) => Rfa::Rfa22,
            known => known.message(qr),
        }
    }
}

impl fmt::Display for HintCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `errorCode` of a 4xx/5xx answer from BankID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// An order for this person is already running: BankID cancels both.
    AlreadyInProgress,
    /// Bad input, an order already collected as finished, or a second cancel: never retried.
    InvalidParameters,
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    UnsupportedMediaType,
    TooManyRequests,
    InternalError,
    Maintenance,
    Unknown(String),
}

impl ErrorCode {
    const KNOWN: [(&'static str, ErrorCode); 10] = [
        ("alreadyInProgress", Self::AlreadyInProgress),
        ("invalidParameters", Self::InvalidParameters),
        ("unauthorized", Self::Unauthorized),
        ("notFound", Self::NotFound),
        ("methodNotAllowed", Self::MethodNotAllowed),
        ("requestTimeout", Self::RequestTimeout),
        ("unsupportedMediaType", Self::UnsupportedMediaType),
        ("tooManyRequests", Self::TooManyRequests),
        ("internalError", Self::InternalError),
        ("maintenance", Self::Maintenance),
    ];

    pub fn parse(raw: &str) -> ErrorCode {
        named(&Self::KNOWN, raw).unwrap_or_else(|| Self::Unknown(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(raw) => raw,
            known => name_of(&Self::KNOWN, known),
        }
    }

    /// What the person is told. Errors that are the relying party's own (credentials, a wrong
    /// path or media type) are not BankID's fault to show: they read as an internal error.
    pub fn message(&self) -> Rfa {
        match self {
            Self::AlreadyInProgress => Rfa::Rfa4,
            Self::Unknown(_) | Self::InvalidParameters => Rfa::Rfa22,
            _ => Rfa::Rfa5,
        }
    }

    /// Whether trying the same call again later may succeed (BankID: never retry
    /// `invalidParameters` or `requestTimeout` automatically).
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            Self::TooManyRequests | Self::InternalError | Self::Maintenance
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// BankID's recommended user messages, by their numbers in BankID's integration guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rfa {
    Rfa1,
    Rfa3,
    Rfa4,
    Rfa5,
    Rfa6,
    Rfa8,
    Rfa9,
    Rfa13,
    Rfa14,
    Rfa16,
    Rfa17,
    Rfa21,
    Rfa22,
    Rfa23,
}

impl Rfa {
    pub const ALL: [Rfa; 14] = [
        Rfa::Rfa1,
        Rfa::Rfa3,
        Rfa::Rfa4,
        Rfa::Rfa5,
        Rfa::Rfa6,
        Rfa::Rfa8,
        Rfa::Rfa9,
        Rfa::Rfa13,
        Rfa::Rfa14,
        Rfa::Rfa16,
        Rfa::Rfa17,
        Rfa::Rfa21,
        Rfa::Rfa22,
        Rfa::Rfa23,
    ];

    /// `RFA1`, ...: what clients switch on to show their own translation.
    pub fn code(self) -> &'static str {
        match self {
            Self::Rfa1 => "RFA1",
            Self::Rfa3 => "RFA3",
            Self::Rfa4 => "RFA4",
            Self::Rfa5 => "RFA5",
            Self::Rfa6 => "RFA6",
            Self::Rfa8 => "RFA8",
            Self::Rfa9 => "RFA9",
            Self::Rfa13 => "RFA13",
            Self::Rfa14 => "RFA14",
            Self::Rfa16 => "RFA16",
            Self::Rfa17 => "RFA17",
            Self::Rfa21 => "RFA21",
            Self::Rfa22 => "RFA22",
            Self::Rfa23 => "RFA23",
        }
    }

    /// The English text.
    pub fn text(self) -> &'static str {
        match self {
            Self::Rfa1 => "Start your BankID app.",
            Self::Rfa3 => "Action cancelled. Please try again.",
            Self::Rfa4 => {
                "An identification or signing for this personal number is already started. \
                 Please try again."
            }
            Self::Rfa5 => "Internal error. Please try again.",
            Self::Rfa6 => "Action cancelled.",
            Self::Rfa8 => {
                "The BankID app is not responding. Please check that it is started and that you \
                 have internet access. If you don't have a valid BankID you can get one from your \
                 bank. Try again."
            }
            Self::Rfa9 => "Enter your security code in the BankID app and select Identify.",
            Self::Rfa13 => "Trying to start your BankID app.",
            Self::Rfa14 => "Searching for BankID, it may take a little while.",
            Self::Rfa16 => {
                "The BankID you are trying to use is blocked or too old. Please use another \
                 BankID or get a new one from your bank."
            }
            Self::Rfa17 => {
                "Failed to scan the QR code. Start the BankID app and scan the QR code. Check \
                 that the BankID app is up to date. If you don't have the BankID app, you need to \
                 install it and get a BankID from your bank."
            }
            Self::Rfa21 => "Identification in progress.",
            Self::Rfa22 => "Unknown error. Please try again.",
            Self::Rfa23 => "Process your machine-readable travel document using the BankID app.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_are_kept() {
        for (name, code) in HintCode::KNOWN {
            assert_eq!(HintCode::parse(name), code);
            assert_eq!(code.as_str(), name);
        }
        for (name, code) in ErrorCode::KNOWN {
            assert_eq!(ErrorCode::parse(name), code);
            assert_eq!(code.as_str(), name);
        }
        let new = HintCode::parse("userBlinked");
        assert_eq!(new, HintCode::Unknown("userBlinked".into()));
        assert_eq!(new.as_str(), "userBlinked");
        assert_eq!(new.message(true), Rfa::Rfa21);
        assert_eq!(new.failure_message(true), Rfa::Rfa22);
        assert_eq!(ErrorCode::parse("quotaExceeded").message(), Rfa::Rfa22);
    }

    #[test]
    fn messages_follow_bankids_recommendations() {
        assert_eq!(HintCode::OutstandingTransaction.message(true), Rfa::Rfa1);
        assert_eq!(HintCode::OutstandingTransaction.message(false), Rfa::Rfa13);
        assert_eq!(HintCode::UserMrtd.message(true), Rfa::Rfa23);
        assert_eq!(HintCode::UserSign.message(true), Rfa::Rfa9);
        assert_eq!(
            HintCode::ExpiredTransaction.failure_message(true),
            Rfa::Rfa8
        );
        assert_eq!(HintCode::CertificateErr.failure_message(true), Rfa::Rfa16);
        assert_eq!(HintCode::UserCancel.failure_message(true), Rfa::Rfa6);
        assert_eq!(HintCode::Cancelled.failure_message(true), Rfa::Rfa3);
        assert_eq!(HintCode::StartFailed.failure_message(true), Rfa::Rfa17);
        assert_eq!(ErrorCode::AlreadyInProgress.message(), Rfa::Rfa4);
        assert_eq!(ErrorCode::Maintenance.message(), Rfa::Rfa5);
        assert_eq!(ErrorCode::Unauthorized.message(), Rfa::Rfa5);
        assert!(ErrorCode::Maintenance.retryable());
        assert!(!ErrorCode::InvalidParameters.retryable());
        assert!(!ErrorCode::RequestTimeout.retryable());
        assert_eq!(Rfa::Rfa4.code(), "RFA4");
        assert!(Rfa::Rfa1.text().starts_with("Start your BankID app"));
    }
}
