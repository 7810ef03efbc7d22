//! How callers authenticate, as the contract states it: people's bearer tokens, and machine
//! clients' OAuth 2.0 client credentials with the scopes a company's operations need.

use utoipa::openapi::security::{
    ClientCredentials, Flow, Http, HttpAuthScheme, OAuth2, Scopes, SecurityRequirement,
    SecurityScheme,
};
use utoipa::openapi::OpenApi as Spec;

/// The security schemes, and the machine clients' requirement on company operations.
pub fn schemes(spec: &mut Spec) {
    let components = spec.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("An access token from `POST /v1/auth/login/verify` (a person) or `POST /v1/oauth/token` (a machine client): an EdDSA-signed JWT of type `at+jwt` (RFC 9068) with every claim required and checked, issued and verified as RFC 8725 (JWT best current practices, RFC8725) recommends. Public keys: `/.well-known/jwks.json`."))
                .build(),
        ),
    );
    components.add_security_scheme(
        "client_credentials",
        SecurityScheme::OAuth2(OAuth2::with_description(
            [Flow::ClientCredentials(ClientCredentials::new(
                "/v1/oauth/token",
                Scopes::from_iter([
                    ("orders:read", "See the company, its card orders, visitor orders and invitations."),
                    ("orders:write", "Place, edit, submit and cancel card orders; order visitor cards; invite cardholders."),
                    ("identity_verifications:write", "Register identity-document checks."),
                    ("cards:read", "See the company's cards."),
                    ("cards:write", "Block, unblock and terminate the company's cards."),
                    ("webhooks:read", "See the company's webhook endpoints and their deliveries."),
                    ("webhooks:write", "Register, change and remove webhook endpoints, rotate their secrets, send test events, retry deliveries."),
                    ("production:read", "The card producer: see the production queue and what to print."),
                    ("production:write", "The card producer: start production, mark produced, shipped and delivered; refuse an order."),
                ]),
            ))],
            "Machine clients (OAuth 2.0 client credentials, RFC 6749 §4.4): the token from `POST /v1/oauth/token` (an EdDSA-signed JWT of type `at+jwt`, 10 minutes, with an audience of its own so it never passes as a person's, issued and verified as RFC 8725 recommends, RFC8725) is sent as a bearer token. An integrator (a company's HR system) may call its company's operations with the scopes they name; the card producer calls the production operations.",
        )),
    );
    machine_security(spec);
}

/// A company's operations also take an integrator's token, with the scope each needs (managing
/// members takes none: it is for people).
fn machine_security(spec: &mut Spec) {
    for (path, item) in spec.paths.paths.iter_mut() {
        if !path.starts_with("/v1/companies/{company_id}") {
            continue;
        }
        let members = path.contains("/members");
        for (write, op) in [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ] {
            let Some(op) = op.as_mut() else { continue };
            if members && write {
                continue;
            }
            let area = if path.contains("/cards") {
                "cards"
            } else if path.contains("/webhook-endpoints") {
                "webhooks"
            } else {
                "orders"
            };
            let scope = format!("{area}:{}", if write { "write" } else { "read" });
            op.security
                .get_or_insert_with(Vec::new)
                .push(SecurityRequirement::new(
                    "client_credentials",
                    [scope.as_str()],
                ));
        }
    }
}
