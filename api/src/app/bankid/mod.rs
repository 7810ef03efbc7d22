//! BankID: the Relying Party API client behind a trait (`client`) and the animated QR code
//! (`qr`). The local test double is `crate::bankid_double`.

pub mod client;
pub mod qr;
