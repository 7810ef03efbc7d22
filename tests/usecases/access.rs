//! Who may do what to a company (`app::companies::access::require`), for every action and every
//! kind of caller, against the rules as the domain states them: a member's role decides (403
//! when it does not allow the action); an integrator acts as an orderer of its own company within
//! its scopes (403 without the scope); everyone else — another company's member or integrator, a
//! cardholder, a card producer — is told the company does not exist (404).

use app::companies::access;
use app::{AppError, Credentials, Principal, ProblemCode};
use domain::{ClientRole, CompanyAction, CompanyId, CompanyRole, Scope, Scopes};

use crate::world::World;

#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Allowed(CompanyRole),
    Forbidden(ProblemCode),
    NotFound,
}

async fn ask(w: &World, who: &Credentials, company: &CompanyId, action: CompanyAction) -> Answer {
    let r = w
        .app
        .read_as::<Principal, _, _>(who.clone(), company.clone(), move |conn, p, c, _| {
            access::require(conn, p, &c, action).map(|acting| acting.role)
        })
        .await;
    match r {
        Ok(role) => Answer::Allowed(role),
        Err(AppError::Forbidden { code, .. }) => Answer::Forbidden(code),
        Err(AppError::NotFound) => Answer::NotFound,
        Err(e) => panic!("{action:?}: {e:?}"),
    }
}

#[tokio::test]
async fn every_action_for_every_kind_of_caller() {
    let w = World::new().await;
    let company = w.company();
    let other = w.company();
    const SOME: &str = "orders:read cards:read webhooks:read";
    let granted = Scopes::parse(SOME).unwrap_or_else(|e| panic!("{e:?}"));
    let admin = w.member(&company, CompanyRole::Admin).credentials;
    let orderer = w.member(&company, CompanyRole::Orderer).credentials;
    let integrator = w.client(ClientRole::Integrator, Some(&company), SOME);
    let strangers = [
        (
            "another company's admin",
            w.member(&other, CompanyRole::Admin).credentials,
        ),
        ("a cardholder", w.person().credentials),
        (
            "another company's integrator",
            w.client(ClientRole::Integrator, Some(&other), SOME),
        ),
        (
            "the card producer",
            w.client(
                ClientRole::CardProducer,
                None,
                "production:read production:write",
            ),
        ),
    ];
    for action in CompanyAction::ALL {
        for (role, who) in [
            (CompanyRole::Admin, &admin),
            (CompanyRole::Orderer, &orderer),
        ] {
            let want = if role.allows(action) {
                Answer::Allowed(role)
            } else {
                Answer::Forbidden(ProblemCode::RoleNotAllowed)
            };
            assert_eq!(
                ask(&w, who, &company, action).await,
                want,
                "{role:?} {action:?}"
            );
        }
        let want = match Scope::for_company_action(action) {
            Some(s) if granted.contains(s) => Answer::Allowed(CompanyRole::Orderer),
            Some(_) => Answer::Forbidden(ProblemCode::InsufficientScope),
            None => Answer::Forbidden(ProblemCode::RoleNotAllowed),
        };
        assert_eq!(
            ask(&w, &integrator, &company, action).await,
            want,
            "integrator {action:?}"
        );
        for (name, who) in &strangers {
            assert_eq!(
                ask(&w, who, &company, action).await,
                Answer::NotFound,
                "{name} {action:?}"
            );
        }
    }
    // A company that does not exist is 404 for its would-be admin too.
    let nowhere: CompanyId = app::ids::new();
    assert_eq!(
        ask(&w, &admin, &nowhere, CompanyAction::View).await,
        Answer::NotFound
    );
}
