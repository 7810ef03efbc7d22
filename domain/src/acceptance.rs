//! The acceptance rule (DESIGN §4): a cardholder may accept an order only while it waits for
//! their review, when it matches their verified identity and their contact details are complete.

use crate::{ContactDetails, ContactField, IdentityCheck, IdentityField, OrderStatus};

/// Why the identity part of the rule failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityRefusal {
    /// No verified identity yet.
    Unverified,
    /// These fields of the order differ from the verified identity.
    Mismatch(Vec<IdentityField>),
}

/// Everything that stands in the way of accepting, so the cardholder can fix it all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptanceRefusal {
    pub identity: Option<IdentityRefusal>,
    pub missing_contact: Vec<ContactField>,
}

/// Whether an order in `status`, checked as `identity`, may be accepted with `contact`.
/// The state rule is the state machine's (a wrong state is a conflict, not a refusal), so this
/// answers only for an order that is waiting for review.
pub fn check_acceptance(
    identity: &IdentityCheck,
    contact: &ContactDetails,
) -> Result<(), AcceptanceRefusal> {
    let identity = match identity {
        IdentityCheck::Match => None,
        IdentityCheck::Unverified => Some(IdentityRefusal::Unverified),
        IdentityCheck::Mismatch(fields) => Some(IdentityRefusal::Mismatch(fields.clone())),
    };
    let missing_contact = contact.missing();
    if identity.is_none() && missing_contact.is_empty() {
        Ok(())
    } else {
        Err(AcceptanceRefusal {
            identity,
            missing_contact,
        })
    }
}

/// What the review shows as "can accept": waiting for review and nothing refused.
pub fn can_accept(status: OrderStatus, identity: &IdentityCheck, contact: &ContactDetails) -> bool {
    status == OrderStatus::WaitingForReview && check_acceptance(identity, contact).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContactUpdate;

    fn contact(complete: bool) -> ContactDetails {
        let mut u = ContactUpdate {
            phone: Some("+46704450723".into()),
            email: Some("a@example.se".into()),
            address: Some("Storgatan 12".into()),
            postal_code: Some("114 55".into()),
            city: Some("Stockholm".into()),
            country: Some("SE".into()),
        };
        if !complete {
            u.city = None;
        }
        ContactDetails::parse(&u).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn all_reasons_are_reported_together() {
        assert_eq!(
            check_acceptance(&IdentityCheck::Match, &contact(true)),
            Ok(())
        );
        let r = check_acceptance(
            &IdentityCheck::Mismatch(vec![IdentityField::Surname]),
            &contact(false),
        );
        assert_eq!(
            r,
            Err(AcceptanceRefusal {
                identity: Some(IdentityRefusal::Mismatch(vec![IdentityField::Surname])),
                missing_contact: vec![ContactField::City],
            })
        );
        let r = check_acceptance(&IdentityCheck::Unverified, &contact(true));
        assert_eq!(
            r.map_err(|e| e.identity),
            Err(Some(IdentityRefusal::Unverified))
        );
    }

    #[test]
    fn only_a_waiting_order_can_be_accepted() {
        assert!(can_accept(
            OrderStatus::WaitingForReview,
            &IdentityCheck::Match,
            &contact(true)
        ));
        assert!(!can_accept(
            OrderStatus::Approved,
            &IdentityCheck::Match,
            &contact(true)
        ));
    }
}
