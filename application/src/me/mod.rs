//! The signed-in person: profile and contact details.

pub mod contact_details;
pub mod credentials;
pub mod personal_data;
pub mod profile;
pub mod sessions;
