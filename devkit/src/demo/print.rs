//! The demo's accounts, orders and clients, as `make run` shows them.

use super::DemoInfo;

/// How to sign in to the demo, on standard output.
pub fn print(info: &DemoInfo, bind: &str) {
    println!();
    println!(
        "Demo data ({}): {} {}",
        if info.created { "created" } else { "present" },
        info.company.name,
        info.company.org_number
    );
    println!(
        "  and a second company: {} {}",
        info.other_company.name, info.other_company.org_number
    );
    for a in &info.accounts {
        println!(
            "  sign in as {} <{}> with password {}",
            a.name, a.email, a.password
        );
    }
    for o in &info.orders {
        println!("  order {} ({}): {}", o.id, o.cardholder_email, o.note);
    }
    for i in &info.invitations {
        println!(
            "  invitation {} to {}: open GET /v1/invitations/{}",
            i.id, i.email, i.token
        );
    }
    for v in &info.visitor_orders {
        println!("  visitor order {} ({} cards, approved)", v.id, v.quantity);
    }
    for c in &info.clients {
        println!(
            "  machine client {} ({}, {}): secret {} -> POST /v1/oauth/token",
            c.id, c.role, c.scopes, c.secret
        );
    }
    println!(
        "  SMS codes appear in this log (ID06_SMS_PROVIDER=log), on lines with target \"sms\"."
    );
    println!("  Swagger UI: http://{bind}/swagger-ui/");
    println!();
}
