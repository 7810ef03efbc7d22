//! ID06 card-order rules. Pure: no I/O, no database, no HTTP (a check in `make check-arch` enforces it).
//!
//! Every value type is built only through a fallible `parse`, so a value that exists is valid.

mod acceptance;
mod actor;
mod address;
pub mod bankid;
mod card;
mod client;
mod client_address;
mod company;
mod contact;
mod country;
mod date_of_birth;
mod document_check;
mod email;
mod icao;
mod identity;
mod identity_proof;
mod ids;
mod invalid;
mod language;
mod luhn;
mod mrz;
mod name_match;
mod name_to_print;
mod order;
mod order_person;
mod org_number;
mod password;
pub mod pattern;
mod person_name;
mod personal_number;
mod phone;
mod postal_code;
mod refs;
mod same_person;
mod special_address;
mod states;
mod stored_enum;
mod text;
mod validity;
mod webhook;

pub use acceptance::{can_accept, check_acceptance, AcceptanceRefusal, IdentityRefusal};
pub use actor::{ActorKind, AuthLevel};
pub use address::{AddressInput, DeliveryAddress};
pub use card::{
    CardKind, CardNumber, CardStatus, CardTransition, CardTransitionError, CARD_SERIES,
};
pub use client::{ClientRole, Scope, Scopes};
pub use client_address::ClientAddress;
pub use company::{CompanyAction, CompanyRole, PlatformRole};
pub use contact::{ContactDetails, ContactField, ContactUpdate};
pub use country::CountryCode;
pub use date_of_birth::DateOfBirth;
pub use document_check::{parse_document_number, CheckOutcome, DocumentCheck, DocumentType};
pub use email::Email;
pub use icao::{mrz_variants_match, transliterate_variants};
pub use identity::{
    check_identity, Evidence, EvidenceName, EvidenceOutcome, EvidenceSource, IdentityCheck,
    IdentityField, OrderIdentity,
};
pub use identity_proof::IdentityProof;
pub use ids::{
    is_id, AccountId, BankIdAttemptId, CardId, CardOrderImportId, ChallengeId, ClientId, CompanyId,
    DeliveryAttemptId, EventId, EvidenceId, IdentityCheckId, InvitationId, MemberId, MessageId,
    OrderId, PhoneChangeId, SecurityEventId, SessionId, VisitorOrderId, WebhookDeliveryId,
    WebhookEndpointId, ID_RANDOM_BYTES,
};
pub use invalid::Invalid;
pub use language::Language;
pub use mrz::{check_digit, DocumentClaim, Mrz, MrzCheck, MrzError, MrzField, MrzFormat};
pub use name_to_print::NameToPrint;
pub use order::{OrderStatus, Transition, TransitionError};
pub use order_person::{OrderPerson, PersonInput};
pub use org_number::OrgNumber;
pub use password::Password;
pub use person_name::{search_key, PersonName};
pub use personal_number::PersonalIdentityNumber;
pub use phone::PhoneNumber;
pub use postal_code::PostalCode;
pub use refs::{ActorId, AnyOrderId, CallerId, ObjectId};
pub use same_person::{is_order_person, same_person};
pub use special_address::is_public_address;
pub use states::{
    BankIdAttemptStatus, BankIdPurpose, Channel, DeliveryStatus, EndpointStatus, IdentityDataRead,
    ImportMode, ImportRowStatus, ImportStatus, InvitationState, NameZone, PortraitType,
    SecurityEventKind, Verdict,
};
pub use text::BoundedText;
pub use validity::{check_valid_until, ValidityError};
pub use webhook::{EventType, EventTypes};
