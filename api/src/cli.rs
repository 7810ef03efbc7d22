//! Bootstrap commands of a fresh install: the first operator and companies, without a password
//! on any command line (a new person is emailed a single-use link to create an account). The
//! emails wait in the outbox until the service runs and its worker sends them.

use domain::{AddressInput, BoundedText, DeliveryAddress, Email, OrgNumber, PlatformRole};
use persistence::{accounts, cards, webhooks, Db};

use crate::config::Settings;
use app::accounts::link;
use app::auth::keyring;
use app::companies::create::{self, CreateCompany};
use app::emails::AccountReason;
use app::frontend::Links;
use app::vault::Vault;
use app::{AppError, Clock, Context, Services};
use std::sync::Arc;
use tokio::sync::Notify;

fn message(e: AppError) -> String {
    match e {
        AppError::Conflict { detail, .. } | AppError::Unprocessable { detail, .. } => {
            detail.to_string()
        }
        other => other.to_string(),
    }
}

/// The use cases' context for a command: the settings' links and vault, the service's presenter,
/// no BankID. Nothing listens to its outbox bell: what a command queues, the running service's
/// worker sends.
pub fn context(settings: &Settings, clock: Clock) -> Result<Context, String> {
    let services = Services {
        links: Links::new(&settings.frontend_url),
        vault: Arc::new(vault(settings)?),
        bankid: None,
        bankid_require_mrtd: settings.bankid.bankid_require_mrtd,
        presenter: Box::new(crate::http::dto::webhooks::Objects),
        outbox_bell: Arc::new(Notify::new()),
        import_bell: Arc::new(Notify::new()),
    };
    Ok(Context::new(clock, Arc::new(services)))
}

/// Makes `email` an operator: at once if the account exists, else through an emailed link.
pub fn create_operator(
    db: &Db,
    ctx: &Context,
    email: &str,
    language_tag: &str,
) -> Result<String, String> {
    let email = Email::parse(email).map_err(|e| format!("--email: {}", e.message))?;
    let language = language(language_tag)?;
    let now = ctx.now();
    ctx.write(db, |conn, ctx| {
        if let Some(account) = accounts::find_by_email(conn, email.as_str())? {
            accounts::set_platform_role(conn, &account.id, PlatformRole::Operator, now)?;
            return Ok(format!("{} (account {}) is now an operator.", email.as_str(), account.id));
        }
        link::account_or_link(
            conn,
            &email,
            AccountReason::Operator,
            Some(PlatformRole::Operator),
            language,
            ctx,
            now,
        )?;
        Ok(format!(
            "A link to create an operator account was queued for {}; the running service emails it.",
            email.as_str()
        ))
    })
    .map_err(message)
}

/// Erases an account's personal data as an operator would, acting as the service itself.
pub fn erase_account(
    db: &Db,
    ctx: &Context,
    account_id: &str,
    reason: &str,
) -> Result<String, String> {
    let account = domain::AccountId::parse(account_id)
        .ok_or_else(|| format!("--account-id: {account_id} is not an account id (acc_...)"))?;
    let reason =
        domain::BoundedText::reason(reason).map_err(|e| format!("--reason: {}", e.message))?;
    let report = ctx
        .write(db, |conn, ctx| {
            app::erasure::erase(
                conn,
                ctx,
                &account,
                app::erasure::Requester::Operator {
                    by: &app::journal::Actor::SYSTEM,
                    reason: reason.as_str(),
                },
            )
        })
        .map_err(message)?;
    let mut out =
        format!(
        "Erased {}: {} order(s) now name an erased person, {} session(s) ended; the account is {}.",
        report.account_id,
        report.orders_erased,
        report.sessions_ended,
        if report.account_deleted { "deleted" } else { "kept until what is held goes" }
    );
    for h in &report.held {
        let until = h.until.map(|d| format!(" until {d}")).unwrap_or_default();
        out.push_str(&format!(
            "\nheld{until}: {} ({}): {}",
            h.id, h.company_name, h.reason
        ));
    }
    Ok(out)
}

/// The company's fields as given on the command line.
pub struct CompanyArgs {
    pub name: String,
    pub org_number: String,
    pub address: AddressInput,
    pub admin_email: String,
    pub language: String,
}

/// A language named on the command line.
fn language(raw: &str) -> Result<domain::Language, String> {
    domain::Language::parse(raw).ok_or_else(|| format!("--language: {raw}: use en or sv"))
}

pub fn create_company(db: &Db, ctx: &Context, args: CompanyArgs) -> Result<String, String> {
    let cmd = CreateCompany {
        name: BoundedText::parse(&args.name, create::NAME_MAX)
            .map_err(|e| format!("--name: {}", e.message))?,
        org_number: OrgNumber::parse(&args.org_number)
            .map_err(|e| format!("--org-number: {}", e.message))?,
        delivery_address: DeliveryAddress::parse(&args.address).map_err(|errors| {
            errors
                .iter()
                .map(|(f, e)| format!("--{}: {}", f.replace('_', "-"), e.message))
                .collect::<Vec<_>>()
                .join("; ")
        })?,
        admin_email: Email::parse(&args.admin_email)
            .map_err(|e| format!("--admin-email: {}", e.message))?,
        language: language(&args.language)?,
    };
    let admin = cmd.admin_email.as_str().to_owned();
    let created = ctx
        .write(db, |conn, ctx| create::create_company(conn, cmd, ctx))
        .map_err(message)?;
    let how = if created.admin_has_account {
        "who already has an account and was told by email"
    } else {
        "who is emailed a link to create an account (queued; the running service sends it)"
    };
    Ok(format!(
        "Created company {} ({}) with administrator {admin}, {how}.",
        created.company.id, created.company.name
    ))
}

/// `rotate-keys`: a new signing key in the key directory; keys whose every token has expired go.
pub fn rotate_keys(settings: &Settings, now: i64) -> Result<keyring::Rotation, String> {
    if settings.jwt_private_key.is_some() {
        return Err(
            "ID06_JWT_PRIVATE_KEY is one fixed key; rotation works on ID06_JWT_KEY_DIR".into(),
        );
    }
    // A key stops signing when the next one activates; its last token lives ACCESS_TTL after.
    keyring::rotate(
        &settings.jwt_key_dir,
        now,
        settings.jwt_key_activation_secs,
        app::auth::token::ACCESS_TTL_SECS + 60,
    )
}

/// The client's fields as given on the command line.
pub struct ClientArgs {
    pub name: String,
    /// `identity_verifier`, `card_producer` or `integrator`.
    pub role: String,
    pub company_id: Option<String>,
    /// Scope tokens; none: every scope the role allows.
    pub scopes: Vec<String>,
}

/// `create-api-client`: the same use case as `POST /v1/api-clients`. Prints the id and the
/// secret, which is shown this once.
pub fn create_api_client(db: &Db, clock: &Clock, args: ClientArgs) -> Result<String, String> {
    let name = BoundedText::parse(&args.name, 200).map_err(|e| format!("--name: {}", e.message))?;
    let role = domain::ClientRole::parse(&args.role)
        .ok_or_else(|| "--role: one of identity_verifier, card_producer, integrator".to_owned())?;
    let company_id = args
        .company_id
        .as_deref()
        .map(|raw| {
            domain::CompanyId::parse(raw)
                .ok_or_else(|| format!("--company-id: `{raw}` is not a company id"))
        })
        .transpose()?;
    let scopes = domain::Scopes::parse(&args.scopes.join(" "))
        .map_err(|e| format!("--scope: {}", e.message))?;
    let now = clock.now();
    let created = db
        .write(|conn| {
            app::clients::create::create_client(
                conn,
                &domain::ActorId::System,
                app::clients::create::CreateClient {
                    name,
                    role,
                    company_id,
                    scopes,
                },
                now,
            )
        })
        .map_err(|e| match e {
            AppError::Unprocessable { errors, .. } => errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
            other => message(other),
        })?;
    Ok(format!(
        "client_id: {}\nclient_secret: {}\nrole: {}\nscopes: {}\n(the secret is not shown again)",
        created.client.id, created.secret, created.client.role, created.client.scopes
    ))
}

/// The vault the settings name: its keys (`ID06_PIN_KEYS`, else the key file) and the
/// blind-index key (`ID06_INDEX_KEY`, else its file); a missing file is made.
pub fn vault(settings: &Settings) -> Result<Vault, String> {
    let keys = match &settings.pin_keys {
        Some(spec) => spec.clone(),
        None => Vault::read_or_make(&settings.pin_key_file, "a PIN key", Vault::generate_entry)?,
    };
    let index = match &settings.index_key {
        Some(key) => key.clone(),
        None => Vault::read_or_make(
            &settings.index_key_file,
            "a blind-index key",
            Vault::generate_index_key,
        )?,
    };
    Vault::parse(&keys, &index)
}

/// The database the settings name, migrated, with what the migrations leave to the service
/// done (sealing identity data stored in clear before sealing existed); how many migrations ran.
pub fn migrated(settings: &Settings, pool_size: u32) -> Result<(persistence::Db, usize), String> {
    let db =
        persistence::Db::connect(&settings.database_url, pool_size).map_err(|e| e.to_string())?;
    let ran = db.migrate().map_err(|e| e.to_string())?;
    app::sealing::seal_pending(&db, &vault(settings)?).map_err(|e| e.to_string())?;
    Ok((db, ran))
}

/// What `reseal-pins` sealed again under the first key.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    pub pins: usize,
    /// Webhook signing secrets (current, and previous while it still signs).
    pub webhook_secrets: usize,
    /// Personal identity numbers, document numbers and MRZs.
    pub identity_values: usize,
    pub portraits: usize,
}

/// Seals every stored PIN, webhook signing secret and piece of identity data (numbers, MRZs,
/// portraits) again under the current (first) key, so
/// older keys can be removed. Safe to run while instances serve: each value is replaced only if
/// it is still the one read (a rotation or a new PIN in between wins).
pub fn reseal_pins(settings: &Settings) -> Result<Resealed, String> {
    let vault = vault(settings)?;
    let (db, _) = migrated(settings, 2)?;
    let identity = app::sealing::reseal(&db, &vault).map_err(|e| e.to_string())?;
    let mut done = Resealed {
        identity_values: identity.values,
        portraits: identity.portraits,
        ..Resealed::default()
    };
    loop {
        let batch = db
            .read(|conn| cards::pins_not_sealed_by(conn, vault.sealing_key_id(), 200))
            .map_err(|e| e.to_string())?;
        if batch.is_empty() {
            break;
        }
        for (card_id, sealed) in batch {
            let pin = vault.open(&card_id, &sealed).map_err(|e| e.to_string())?;
            let fresh = vault.seal(&card_id, &pin).map_err(|e| e.to_string())?;
            db.write(|conn| cards::reseal_pin(conn, &card_id, &sealed.key_id, &fresh))
                .map_err(|e| e.to_string())?;
            done.pins += 1;
        }
    }
    let key = vault.sealing_key_id().to_owned();
    loop {
        let batch = db
            .read(|conn| webhooks::secrets_not_sealed_by(conn, &key, 200))
            .map_err(|e| e.to_string())?;
        if batch.is_empty() {
            return Ok(done);
        }
        let now = persistence::now();
        for e in batch {
            let id = e.id.as_str();
            let current = e.secret();
            let mut stale = vec![];
            if current.key_id != key {
                stale.push((false, current));
            }
            match (&e.previous_secret_sealed, &e.previous_secret_key_id) {
                (Some(c), Some(k)) if *k != key => stale.push((
                    true,
                    persistence::Sealed {
                        ciphertext: c.clone(),
                        key_id: k.clone(),
                    },
                )),
                _ => {}
            }
            for (previous, sealed) in stale {
                // A previous secret past its grace period never signs again: dropped, not kept.
                let fresh = if previous && e.previous_secret(now).is_none() {
                    None
                } else {
                    let secret = vault.open(id, &sealed).map_err(|e| e.to_string())?;
                    Some(vault.seal(id, &secret).map_err(|e| e.to_string())?)
                };
                let replaced = db
                    .write(|conn| {
                        webhooks::reseal_secret(conn, &e.id, previous, &sealed, fresh.as_ref())
                    })
                    .map_err(|e| e.to_string())?;
                done.webhook_secrets += usize::from(replaced);
            }
        }
    }
}
