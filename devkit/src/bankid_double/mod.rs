//! A local test double of BankID's Relying Party API v6 (`id06-api bankid-double`): plain HTTP
//! on loopback, the same paths and bodies as BankID (`/rp/v6.0/{auth,sign,collect,cancel}`),
//! orders kept in memory. Each `/collect` moves an order one step along its scenario (see
//! `script.rs`), so tests need not wait for a clock.
//!
//! Scenarios are chosen with a test-only control endpoint, `POST /test/script`: with a
//! `personalNumber`, for every order bound to that number; without, for the next order that has
//! none of its own. The default is `complete` (with the MRTD step-up when the order requires it).
//! `POST /test/qr` says whether a string is a valid animated QR code of an order.
//!
//! BankID's rules it keeps: `endUserIp` is required; a second order for a personal number while
//! one is pending is refused with `alreadyInProgress` and the first fails as `cancelled`; a
//! finished order can be collected for 3 (complete) or 5 (failed) minutes, then, like an unknown
//! or cancelled one, it is `invalidParameters`; JSON only (`unsupportedMediaType`).

mod script;

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};

use script::{collect_body, Step};
pub use script::{Scenario, Script, User};

struct Order {
    personal_number: Option<String>,
    end_user_ip: String,
    script: Script,
    steps: Vec<Step>,
    /// How many collects answered so far.
    collected: usize,
    /// Failed as `cancelled` by a second order for the same person.
    superseded: bool,
    qr_start_token: String,
    qr_start_secret: String,
    started: Instant,
    finished: Option<Instant>,
}

impl Order {
    fn step(&self) -> Step {
        if self.superseded {
            return Step::Failed("cancelled");
        }
        let last = self.steps.len().saturating_sub(1);
        self.steps
            .get(self.collected.min(last))
            .copied()
            .unwrap_or(Step::Failed("startFailed"))
    }

    fn pending(&self) -> bool {
        !self.step().is_final()
    }

    /// A finished order is collectable for 3 minutes (complete) or 5 (failed).
    fn forgotten(&self) -> bool {
        let keep = match self.step() {
            Step::Complete { .. } => Duration::from_secs(180),
            _ => Duration::from_secs(300),
        };
        self.finished.is_some_and(|at| at.elapsed() > keep)
    }
}

#[derive(Default)]
struct State {
    orders: Mutex<HashMap<String, Order>>,
    by_person: Mutex<HashMap<String, Script>>,
    next: Mutex<VecDeque<Script>>,
}

/// BankID's error shape.
fn error(status: u16, code: &str, details: &str) -> HttpResponse {
    HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    )
    .json(json!({"errorCode": code, "details": details}))
}

/// The body as JSON, if it is JSON and says so.
fn body(req: &HttpRequest, bytes: &[u8]) -> Result<Value, Box<HttpResponse>> {
    let json = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(Box::new(error(
            415,
            "unsupportedMediaType",
            "Content-Type must be application/json",
        )));
    }
    serde_json::from_slice(bytes)
        .map_err(|_| Box::new(error(400, "invalidParameters", "Invalid JSON in request")))
}

/// A random (version 4) UUID, as BankID's references and tokens are.
fn random_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn start_order(state: web::Data<State>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let v = match body(&req, &bytes) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let Some(ip) = v["endUserIp"]
        .as_str()
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
    else {
        return error(400, "invalidParameters", "Invalid endUserIp");
    };
    let requirement = &v["requirement"];
    let personal_number = requirement["personalNumber"].as_str().map(str::to_owned);
    let mrtd = requirement["mrtd"].as_bool().unwrap_or(false);
    let mut orders = lock(&state.orders);
    if let Some(pnr) = &personal_number {
        let running: Vec<&mut Order> = orders
            .values_mut()
            .filter(|o| o.pending() && o.personal_number.as_ref() == Some(pnr))
            .collect();
        if !running.is_empty() {
            for o in running {
                o.superseded = true;
                o.finished = Some(Instant::now());
            }
            return error(
                400,
                "alreadyInProgress",
                "Order already in progress for pno",
            );
        }
    }
    let script = personal_number
        .as_ref()
        .and_then(|p| lock(&state.by_person).get(p).cloned())
        .or_else(|| lock(&state.next).pop_front())
        .unwrap_or(Script {
            scenario: Scenario::Complete,
            user: None,
        });
    let order_ref = random_uuid();
    let order = Order {
        steps: script.scenario.steps(mrtd),
        personal_number,
        end_user_ip: ip.to_owned(),
        script,
        collected: 0,
        superseded: false,
        qr_start_token: random_uuid(),
        qr_start_secret: random_uuid(),
        started: Instant::now(),
        finished: None,
    };
    let answer = json!({
        "orderRef": order_ref,
        "autoStartToken": random_uuid(),
        "qrStartToken": order.qr_start_token,
        "qrStartSecret": order.qr_start_secret,
    });
    orders.retain(|_, o| !o.forgotten());
    orders.insert(order_ref, order);
    HttpResponse::Ok().json(answer)
}

async fn collect(state: web::Data<State>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let v = match body(&req, &bytes) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let order_ref = v["orderRef"].as_str().unwrap_or_default();
    let mut orders = lock(&state.orders);
    let Some(order) = orders.get_mut(order_ref).filter(|o| !o.forgotten()) else {
        return error(400, "invalidParameters", "No such order");
    };
    let step = order.step();
    if step.is_final() {
        order.finished.get_or_insert_with(Instant::now);
    } else {
        order.collected += 1;
    }
    let user = order
        .script
        .user
        .clone()
        .unwrap_or_else(|| User::default_for(order.personal_number.as_deref()));
    HttpResponse::Ok().json(collect_body(order_ref, step, &user, &order.end_user_ip))
}

async fn cancel(state: web::Data<State>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let v = match body(&req, &bytes) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let order_ref = v["orderRef"].as_str().unwrap_or_default();
    match lock(&state.orders).remove(order_ref) {
        Some(o) if !o.forgotten() => HttpResponse::Ok().json(json!({})),
        _ => error(400, "invalidParameters", "No such order"),
    }
}

/// Test only: the scenario (and person) for orders of a personal number, or for the next order.
async fn set_script(state: web::Data<State>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let v = match body(&req, &bytes) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let Ok(script) = serde_json::from_value::<Script>(v.clone()) else {
        return error(400, "invalidParameters", "Invalid script");
    };
    match v["personalNumber"].as_str() {
        Some(p) => {
            lock(&state.by_person).insert(p.to_owned(), script);
        }
        None => lock(&state.next).push_back(script),
    }
    HttpResponse::NoContent().finish()
}

/// Test only: whether `qrData` is the order's animated QR code for a second that has come.
async fn check_qr(state: web::Data<State>, req: HttpRequest, bytes: web::Bytes) -> HttpResponse {
    let v = match body(&req, &bytes) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let orders = lock(&state.orders);
    let Some(order) = orders.get(v["orderRef"].as_str().unwrap_or_default()) else {
        return error(400, "invalidParameters", "No such order");
    };
    let data = v["qrData"].as_str().unwrap_or_default();
    let seconds = data
        .split('.')
        .nth(2)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    let valid = seconds <= order.started.elapsed().as_secs() + 1
        && data == app::bankid::qr::qr_data(&order.qr_start_token, &order.qr_start_secret, seconds);
    HttpResponse::Ok().json(json!({"valid": valid}))
}

/// Binds the double to `bind` (port 0: any free one); returns the port and the server to run.
pub fn start(bind: &str) -> std::io::Result<(u16, actix_web::dev::Server)> {
    let state = web::Data::new(State::default());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .service(
                web::scope("/rp/v6.0")
                    .route("/auth", web::post().to(start_order))
                    .route("/sign", web::post().to(start_order))
                    .route("/collect", web::post().to(collect))
                    .route("/cancel", web::post().to(cancel)),
            )
            .route("/test/script", web::post().to(set_script))
            .route("/test/qr", web::post().to(check_qr))
    })
    .workers(1)
    .bind(bind)?;
    let port = server.addrs().first().map_or(0, |a| a.port());
    Ok((port, server.run()))
}
