//! Building the app, separately from running it: tests build it on port 0 and talk HTTP to it.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpResponse, HttpServer};
use persistence::Db;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::config::Settings;
use crate::http::client_address::TrustedProxies;
use crate::http::dto::body::BODY_LIMIT;
use crate::http::fallback::not_routed;
use crate::http::problem::ApiError;
use crate::http::{contract, middleware, routes};
use app::outbox::worker::Senders;
use app::stopping::Stopping;
use app::{housekeeping, outbox, Clock};

/// Writes that may wait for SQLite's writer at once (on all request threads together): as many
/// as commit together at most.
const SQLITE_WRITERS_WAITING: usize = persistence::MAX_GROUP;

pub struct Application {
    server: Server,
    port: u16,
    db: Db,
    /// The clock and services the use cases run with (for commands run beside the server).
    clock: Clock,
    services: Arc<app::Services>,
    /// Told when the server has stopped; the workers that hold claims watch it.
    stopping: Stopping,
    /// Those workers, awaited (up to `grace`) before the process ends.
    workers: Vec<tokio::task::JoinHandle<()>>,
    grace: std::time::Duration,
}

/// CORS for browser apps served from the configured origins: preflights answered, the headers a
/// client needs exposed. Requests from other origins are served without CORS headers (the browser
/// keeps the answer from the page), so same-origin pages such as Swagger UI keep working.
fn cors(origins: &[String]) -> Cors {
    use actix_web::http::{header, Method};
    let mut c = Cors::default()
        .block_on_origin_mismatch(false)
        .allowed_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static(routes::bankid::ATTEMPT_TOKEN),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            header::LOCATION,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("idempotent-replayed"),
            header::HeaderName::from_static("ratelimit"),
            header::HeaderName::from_static("ratelimit-policy"),
        ])
        .max_age(600);
    for o in origins {
        c = c.allowed_origin(o.trim());
    }
    c
}

impl Application {
    /// Connects and migrates the database, loads keys, binds the port and
    /// starts the SMS worker. Nothing is served until [`Application::run_until_stopped`].
    pub async fn build(settings: Settings) -> Result<Application, String> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// [`Application::build`] with a given clock (tests move time with an adjustable one).
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> Result<Application, String> {
        let senders = Senders {
            sms: settings.sms_sender()?,
            email: settings.email.sender()?,
        };
        let state = web::Data::new(crate::state::build(&settings, clock.clone()).await?);
        let db = state.db.clone();
        let services = Arc::clone(&state.services);
        let wakeup = Arc::clone(&services.outbox_bell);
        let metrics = app::metrics::install();
        let metrics_token = web::Data::new(crate::http::metrics::MetricsAccess {
            token: settings.metrics_token.clone(),
            handle: metrics.clone(),
        });
        let deliverer = app::webhooks::worker::Deliverer {
            db: db.clone(),
            clock: clock.clone(),
            services: Arc::clone(&services),
            client: app::webhooks::worker::Deliverer::client(
                settings.webhooks_allow_private,
                std::time::Duration::from_secs(settings.webhook_timeout_secs.max(1)),
            )?,
            allow_private: settings.webhooks_allow_private,
        };
        contract::check_committed()?;
        let committed = web::Data::new(contract::Committed::default());
        contract::Committed::read_in_background(&committed);
        let status_log = web::Data::new(crate::http::status_log::StatusLog::open(
            settings.status_log.as_deref(),
        )?);

        let proxies = web::Data::new(
            TrustedProxies::parse(&settings.trusted_proxies)?
                .with_v6_prefix(settings.ipv6_prefix_len),
        );
        let origins = settings.cors_allowed_origins.clone();
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| format!("bind {}: {e}", settings.bind))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let shared = state.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                .configure(routes::serve)
                .app_data(state.clone())
                .app_data(committed.clone())
                .app_data(status_log.clone())
                .app_data(proxies.clone())
                .app_data(metrics_token.clone())
                .route("/metrics", web::get().to(crate::http::metrics::serve))
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into()),
                )
                .route("/api-docs/openapi.json", web::get().to(contract::serve))
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        // No call to the public validator: the page talks to this server only.
                        .config(Config::new(["/api-docs/openapi.json"]).validator_url("none")),
                )
                .route(
                    "/swagger-ui",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header(("Location", "/swagger-ui/"))
                            .finish()
                    }),
                )
                .default_service(web::to(not_routed))
                .wrap(from_fn(crate::http::quota::enforce))
                .wrap(Condition::new(!origins.is_empty(), cors(&origins)))
                .wrap(from_fn(middleware::request_context))
        })
        .listen(listener)
        .map_err(|e| e.to_string())?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let workers = settings.workers.unwrap_or(cores).max(1);
        // Blocking work is database work now (argon2 has its own threads): more blocking threads
        // than pooled connections would only wait for a connection, each holding memory. On
        // SQLite a connection stays free for each request thread (reads run there) and for the
        // two background workers, so an inline read never waits for the pool.
        let reserved = if db.reads_are_local() { workers + 2 } else { 0 };
        let per_worker = (settings.db_pool_size as usize)
            .saturating_sub(reserved)
            .div_ceil(workers)
            .max(1);
        // An SQLite write waits for the one writer, not for a connection of its own (the writes
        // queued together share one transaction and one commit), so more threads let more
        // writes join a group.
        let per_worker = if db.reads_are_local() {
            per_worker.max(SQLITE_WRITERS_WAITING / workers)
        } else {
            per_worker
        };
        server = server
            .workers(workers)
            .worker_max_blocking_threads(per_worker);
        let grace = settings.shutdown_timeout_secs.max(1);
        let server = server.disable_signals().shutdown_timeout(grace).run();
        let stopping = Stopping::default();
        let mut workers = vec![
            tokio::spawn(outbox::worker::run(
                db.clone(),
                senders,
                clock.clone(),
                wakeup,
                stopping.clone(),
            )),
            tokio::spawn(app::quota::run(
                Arc::clone(&shared.quotas),
                db.clone(),
                clock.clone(),
                std::time::Duration::from_secs(1),
                stopping.clone(),
            )),
            tokio::spawn(app::webhooks::worker::run(deliverer, stopping.clone())),
            tokio::spawn(app::card_order_imports::job::run(
                app::card_order_imports::job::Importer {
                    db: db.clone(),
                    clock: clock.clone(),
                    services: Arc::clone(&services),
                },
                Arc::clone(&services.import_bell),
                stopping.clone(),
            )),
        ];
        if let Some(bankid) = services.bankid.clone() {
            workers.push(tokio::spawn(app::bankid::worker::run(
                app::bankid::worker::Collector {
                    db: db.clone(),
                    clock: clock.clone(),
                    bankid,
                    vault: services.vault.clone(),
                    interval: std::time::Duration::from_millis(
                        settings.bankid.bankid_collect_interval_ms.max(50),
                    ),
                },
                stopping.clone(),
            )));
        }
        // These hold no claims: each change they make is one conditional update.
        if shared.keys.rotates() {
            let every = std::time::Duration::from_secs(settings.jwt_key_reload_secs.max(1));
            tokio::spawn(app::auth::reload_keys(shared.into_inner(), every));
        }
        tokio::spawn(app::cards::expiry::run(
            db.clone(),
            clock.clone(),
            Arc::clone(&services),
            chrono::TimeDelta::days(settings.order_review_days.max(1)),
            std::time::Duration::from_secs(settings.expiry_interval_secs.max(1)),
        ));
        if let Some(handle) = metrics {
            tokio::spawn(app::metrics::upkeep(handle));
        }
        tokio::spawn(housekeeping::run(db.clone(), clock.clone()));
        tokio::spawn(app::retention::run(
            db.clone(),
            clock.clone(),
            Arc::clone(&services),
            settings.retention.rules(),
            settings.retention.interval(),
        ));
        Ok(Application {
            server,
            port,
            db,
            clock,
            services,
            stopping,
            workers,
            grace: std::time::Duration::from_secs(grace),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// A use case context with the server's clock and services.
    pub fn context(&self) -> app::Context {
        app::Context::new(self.clock.clone(), Arc::clone(&self.services))
    }

    /// A handle that stops the server.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until the handle stops the server (which stops accepting at once and lets the
    /// requests in flight finish, up to the grace period); then the workers finish their rounds,
    /// hand back unstarted claims and end, also within the grace period.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.stopping.stop();
        let all = async {
            for w in self.workers {
                let _ = w.await;
            }
        };
        if tokio::time::timeout(self.grace, all).await.is_err() {
            tracing::warn!("workers did not finish within the grace period; their claims lapse");
        }
        tracing::info!("stopped");
        served
    }
}
