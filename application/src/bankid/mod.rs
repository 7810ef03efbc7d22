//! BankID: the Relying Party API client behind a trait (`client`) and the animated QR code
//! (`qr`); the use cases — approving an order (`approve`) and signing in (`sign_in`) — what they
//! share (`attempt`), and the server-side collect (`worker`, `finish`). The local test double is
//! `api::bankid_double`.

pub mod approve;
pub mod attempt;
pub mod client;
pub mod finish;
pub mod qr;
pub mod sign_in;
pub mod worker;
