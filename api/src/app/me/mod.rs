//! The signed-in person: profile and contact details.

pub mod contact_details;
pub mod profile;
