//! SMS through an HTTP gateway: a fake gateway that speaks HTTP on loopback (form POST with Basic
//! auth, as 46elks-style APIs take it) records what arrives; a gateway outage delays the code
//! without losing or repeating it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use id06_tests::{expect, TestApp, ASA_EMAIL, PASSWORD};
use serde_json::json;

/// What the gateway received: (authorization header, form fields).
type Received = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

struct FakeGateway {
    received: Received,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn form_decode(s: &str) -> String {
    let bytes = s.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl FakeGateway {
    fn start(port: u16, received: Received) -> FakeGateway {
        let listener =
            TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| panic!("bind {port}: {e}"));
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("{e}"));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                let Ok((mut stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Headers, then as much body as Content-Length says.
                let (head, body) = loop {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break (String::new(), String::new());
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).into_owned();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if body.len() >= length {
                            break (head.to_owned(), body[..length].to_owned());
                        }
                    }
                };
                let auth = head
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("authorization: ")
                            .or_else(|| l.strip_prefix("Authorization: "))
                    })
                    .unwrap_or_default()
                    .to_owned();
                let fields = body
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (form_decode(k), form_decode(v)))
                    .collect();
                if let Ok(mut r) = r.lock() {
                    r.push((auth, fields));
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                );
            }
        });
        FakeGateway {
            received,
            stop,
            thread: Some(thread),
        }
    }

    fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn messages(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for FakeGateway {
    fn drop(&mut self) {
        self.halt();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn app_with_gateway(port: u16) -> TestApp {
    TestApp::spawn_with(|s| {
        s.sms_provider = api::config::SmsProvider::Http;
        s.sms_gateway_url = Some(format!("http://127.0.0.1:{port}/a1/sms"));
        s.sms_sender = "ID06".into();
        s.sms_username = Some("u123".into());
        s.sms_password = Some("gateway-secret".into());
    })
    .await
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

async fn wait_for(gateway: &FakeGateway, n: usize, tick: impl Fn()) {
    let start = Instant::now();
    while gateway.messages().len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{} of {n} SMS arrived",
            gateway.messages().len()
        );
        tick();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_sign_in_code_goes_through_the_gateway() {
    let port = free_port();
    let gateway = FakeGateway::start(port, Received::default());
    let app = app_with_gateway(port).await;
    let challenge = expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    wait_for(&gateway, 1, || {}).await;
    let (auth, fields) = gateway.messages()[0].clone();
    // Basic base64("u123:gateway-secret")
    assert_eq!(auth, "Basic dTEyMzpnYXRld2F5LXNlY3JldA==");
    assert_eq!(field(&fields, "from"), "ID06");
    assert_eq!(field(&fields, "to"), "+46704450723");
    let code: String = field(&fields, "message")
        .split("code is ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(6)
        .collect();
    let r = app
        .post(
            "/v1/auth/login/verify",
            None,
            Some(json!({"challenge_id": challenge["challenge_id"], "code": code})),
        )
        .await;
    expect(r, 200).await;
}

#[tokio::test]
async fn a_gateway_outage_delays_the_code_and_sends_it_once() {
    let port = free_port();
    let received = Received::default();
    let gateway = FakeGateway::start(port, received.clone());
    let app = app_with_gateway(port).await;
    gateway.stop();
    expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(received.lock().map(|r| r.is_empty()).unwrap_or(false));
    let gateway = FakeGateway::start(port, received.clone());
    wait_for(&gateway, 1, || {
        app.clock.advance(chrono::TimeDelta::seconds(30))
    })
    .await;
    for _ in 0..20 {
        app.clock.advance(chrono::TimeDelta::seconds(30));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(gateway.messages().len(), 1, "sent once");
}
