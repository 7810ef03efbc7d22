//! Email through a real SMTP server on loopback (aiosmtpd from PyPI, installed by
//! `scripts/tools.sh`, storing what arrives in a Maildir): what arrives, and that an SMTP outage
//! delays mail without losing or repeating any.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use id06_tests::{expect, TestApp, ADMIN_EMAIL, COMPANY_ID};
use serde_json::json;

/// An aiosmtpd server writing every message it accepts into a Maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

fn python() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/venv/bin/python");
    assert!(
        p.exists(),
        "{} is missing: `make test` installs the SMTP sink (scripts/tools.sh)",
        p.display()
    );
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("free port: {e}"))
}

impl SmtpSink {
    fn start(port: u16, maildir: &Path) -> SmtpSink {
        let child = Command::new(python())
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start aiosmtpd: {e}"));
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink {
            child,
            port,
            maildir: maildir.to_owned(),
        }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every message delivered so far, as raw text.
    fn messages(&self) -> Vec<String> {
        let dir = self.maildir.join("new");
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until `n` messages have arrived.
    async fn wait_for(&self, n: usize, tick: impl Fn()) -> Vec<String> {
        let start = Instant::now();
        loop {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{} of {n} messages arrived",
                m.len()
            );
            tick();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a quoted-printable message as text (soft line breaks joined, `=XX` decoded).
fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
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

async fn app_with_smtp(port: u16) -> TestApp {
    TestApp::spawn_with(|s| {
        s.email.email_provider = api::config::EmailProvider::Smtp;
        s.email.smtp_host = Some("127.0.0.1".into());
        s.email.smtp_port = port;
        s.email.smtp_tls = api::config::SmtpTls::None;
        s.email.email_from = "ID06 <no-reply@id06.example>".into();
    })
    .await
}

/// Invites a member in Swedish: their email is written in it, non-ASCII letters and all.
async fn invite(app: &TestApp, token: &str, email: &str) {
    let r = app
        .client
        .post(app.url(&format!("/v1/companies/{COMPANY_ID}/members")))
        .bearer_auth(token)
        .header("Accept-Language", "sv-SE")
        .json(&json!({"email": email, "role": "orderer"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("invite: {e}"));
    expect(r, 201).await;
}

#[tokio::test]
async fn an_invitation_arrives_over_smtp_with_its_link() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sink = SmtpSink::start(free_port(), &dir.path().join("maildir"));
    let app = app_with_smtp(sink.port).await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    invite(&app, &admin.access_token, "smtp.person@example.se").await;
    let messages = sink.wait_for(1, || {}).await;
    let m = &messages[0];
    assert!(m.contains("To: smtp.person@example.se"), "{m}");
    assert!(m.contains("From: ID06 <no-reply@id06.example>"), "{m}");
    assert!(m.contains("Subject: Skapa ditt ID06-konto"), "{m}");
    let body = quoted_printable(m);
    assert!(body.contains("create-account?token=sul_"), "{body}");
    assert!(
        body.contains("Nästa steg"),
        "the Swedish text arrives intact: {body}"
    );
}

#[tokio::test]
async fn an_smtp_outage_delays_mail_and_loses_none() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let port = free_port();
    // A Maildir that does not exist yet: aiosmtpd creates it with its subdirectories.
    let maildir = dir.path().join("maildir");
    let sink = SmtpSink::start(port, &maildir);
    let app = app_with_smtp(port).await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    // The server goes away; three emails are queued meanwhile and fail to send.
    sink.stop();
    for n in 1..=3 {
        invite(&app, &admin.access_token, &format!("outage{n}@example.se")).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    // It comes back on the same port; moving the clock makes the backed-off retries due.
    let sink = SmtpSink::start(port, &maildir);
    let messages = sink
        .wait_for(3, || app.clock.advance(chrono::TimeDelta::minutes(5)))
        .await;
    // Every message once: wait a little longer for duplicates that should not come.
    for _ in 0..20 {
        app.clock.advance(chrono::TimeDelta::minutes(5));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let messages = if sink.messages().len() > messages.len() {
        sink.messages()
    } else {
        messages
    };
    for n in 1..=3 {
        let to = format!("To: outage{n}@example.se");
        assert_eq!(
            messages.iter().filter(|m| m.contains(&to)).count(),
            1,
            "{to}"
        );
    }
    assert_eq!(messages.len(), 3);
}
