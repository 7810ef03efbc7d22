//! Every text the service can say exists in both languages: each key the code names (read from
//! the sources of `app` and `api`), every field problem a domain rule gives people, every status
//! label, BankID message and problem title. (The two catalogues' keys and placeholders are
//! compared in `app::texts`.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use domain::Language;

/// The keys of a catalogue.
fn keys(language: Language) -> BTreeSet<String> {
    app::texts::keys(language).map(str::to_owned).collect()
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn read(crate_dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir);
    let mut files = Vec::new();
    sources(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{e}"));
            (p, text)
        })
        .collect()
}

/// The string literal after each `marker` in `text` (a key the code names).
fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = text[i + marker.len()..].trim_start();
            let rest = rest.strip_prefix('"')?;
            rest.split('"').next()
        })
        .filter(|k| {
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
        .collect()
}

fn assert_in_both(wanted: &BTreeSet<String>) {
    for language in [Language::English, Language::Swedish] {
        let have = keys(language);
        let missing: Vec<&String> = wanted.iter().filter(|k| !have.contains(*k)).collect();
        assert!(missing.is_empty(), "{language}: no text for {missing:?}");
    }
}

#[test]
fn every_key_the_code_names_has_its_text() {
    let mut wanted = BTreeSet::new();
    for dir in ["application/src", "api/src"] {
        for (_, text) in read(dir) {
            for marker in [
                "Text::new(",
                "text(lang,",
                "refuse(",
                "bad(\"invalid_url\",",
            ] {
                wanted.extend(
                    literals_after(&text, marker)
                        .into_iter()
                        .filter(|k| k.contains('-'))
                        .map(str::to_owned),
                );
            }
            // An email is two texts: its subject and its body.
            for mail in literals_after(&text, "Mail::new(") {
                wanted.insert(format!("{mail}-subject"));
                wanted.insert(format!("{mail}-body"));
            }
        }
    }
    assert!(wanted.len() > 100, "the sources were not read: {wanted:?}");
    assert!(
        wanted.contains("email-card-ordered-body") && wanted.contains("sms-sign-in-code"),
        "the emails and SMS were not read"
    );
    assert_in_both(&wanted);
}

/// A stored value that does not parse is corrupt data, never shown to anyone: its code needs no
/// text.
const STORED_VALUE_CODES: &[&str] = &[
    "invalid_id",
    "invalid_order_status",
    "invalid_evidence_source",
    "invalid_client_role",
    "invalid_actor_kind",
    "invalid_auth_level",
    "invalid_platform_role",
    "invalid_company_role",
    "invalid_card_status",
    "invalid_card_kind",
    "invalid_document_type",
    "invalid_event_type",
];

#[test]
fn every_domain_refusal_people_see_has_its_text() {
    let mut wanted = BTreeSet::new();
    for (_, text) in read("domain/src") {
        for code in literals_after(&text, "Invalid::new(") {
            if !STORED_VALUE_CODES.contains(&code) {
                wanted.insert(format!("field-{code}"));
            }
        }
    }
    assert!(wanted.len() > 25, "the sources were not read: {wanted:?}");
    for code in app::card_order_imports::ROW_PROBLEM_CODES {
        wanted.insert(format!("field-{code}"));
    }
    assert_in_both(&wanted);
}

#[test]
fn every_status_label_bankid_message_and_title_has_its_text() {
    let mut wanted = BTreeSet::new();
    wanted.extend(
        domain::OrderStatus::ALL
            .iter()
            .map(|s| format!("order-status-{}", s.as_str())),
    );
    wanted.extend(
        domain::CardStatus::ALL
            .iter()
            .map(|s| format!("card-status-{}", s.as_str())),
    );
    wanted.extend(
        domain::bankid::Rfa::ALL
            .iter()
            .map(|r| format!("bankid-{}", r.code().to_lowercase())),
    );
    wanted.extend(
        app::bankid::attempt::failure::MESSAGES
            .iter()
            .map(|(code, _)| format!("bankid-{code}")),
    );
    for status in [
        400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429, 500, 503,
    ] {
        wanted.insert(format!("title-{status}"));
    }
    assert_in_both(&wanted);
}

#[test]
fn the_english_texts_of_rules_say_what_the_rules_say() {
    // The catalogue's English for a domain refusal is the refusal's own message, as a sentence.
    let e = domain::PersonalIdentityNumber::parse("19850309-2389", chrono::NaiveDate::MIN)
        .err()
        .unwrap_or_else(|| panic!("a bad check digit"));
    let text = app::texts::Text::of_invalid(&e);
    assert_eq!(
        text.render(Language::English)
            .to_lowercase()
            .trim_end_matches('.'),
        e.message.to_lowercase()
    );
    assert!(text.render(Language::Swedish).contains("personnummer"));
}
