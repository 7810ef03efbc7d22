//! The contract's OpenAPI 3.1 `webhooks`: what the service sends to a company's endpoints, so
//! generated clients get types for what they receive. One entry per event type: the signature
//! and event headers, the envelope, and the object each type carries (as the API shows it).

use domain::EventType;
use serde_json::{json, Map, Value};

use super::set;

/// The object an event of type `t` carries: `data.object`.
fn object_of(t: EventType) -> Value {
    let order = json!({"oneOf": [
        {"$ref": "#/components/schemas/WebhookCardOrderObject"},
        {"$ref": "#/components/schemas/WebhookVisitorOrderObject"},
    ], "discriminator": {"propertyName": "object", "mapping": {
        "card_order": "#/components/schemas/WebhookCardOrderObject",
        "visitor_card_order": "#/components/schemas/WebhookVisitorOrderObject",
    }}});
    match t.as_str().split('.').next() {
        Some("order" | "production") => order,
        Some("card") => json!({"$ref": "#/components/schemas/WebhookCardObject"}),
        Some("invitation") => json!({"$ref": "#/components/schemas/WebhookInvitationObject"}),
        Some("person") => json!({"$ref": "#/components/schemas/WebhookPersonObject"}),
        Some("card_order_import") => {
            json!({"$ref": "#/components/schemas/WebhookCardOrderImportObject"})
        }
        _ => json!({"$ref": "#/components/schemas/WebhookPingObject"}),
    }
}

/// An API object tagged with its kind in `object`.
fn tagged(schema: &str, kind: &str, description: &str) -> Value {
    json!({
        "description": description,
        "allOf": [
            {"$ref": format!("#/components/schemas/{schema}")},
            {"type": "object", "required": ["object"], "properties": {"object": {"type": "string", "const": kind}}},
        ],
    })
}

fn components() -> Map<String, Value> {
    let mut c = Map::new();
    c.insert(
        "WebhookCardOrderObject".into(),
        tagged(
            "CompanyCardOrderSummary",
            "card_order",
            "A card order as in the company's list.",
        ),
    );
    c.insert(
        "WebhookVisitorOrderObject".into(),
        tagged(
            "VisitorCardOrder",
            "visitor_card_order",
            "A visitor-card order.",
        ),
    );
    c.insert(
        "WebhookCardObject".into(),
        tagged("CompanyCard", "card", "A card as the company sees it, its number masked to the last four digits (read the card with `cards:write` for the printed number)."),
    );
    c.insert(
        "WebhookInvitationObject".into(),
        tagged("Invitation", "invitation", "An invitation."),
    );
    c.insert(
        "WebhookPingObject".into(),
        json!({
            "description": "The endpoint a test event was sent to.",
            "type": "object",
            "required": ["object", "id", "url"],
            "properties": {
                "object": {"type": "string", "const": "webhook_endpoint"},
                "id": {"type": "string", "maxLength": 64, "pattern": "^whe_[0-9a-f]{24}$"},
                "url": {"type": "string", "maxLength": 2048},
            },
        }),
    );
    c.insert(
        "WebhookPersonObject".into(),
        json!({
            "description": "A person whose personal data was erased (GDPR Art. 17): the account id the company's orders named, and the company's orders whose cardholder is now an erased person. Erase what your systems hold about them.",
            "type": "object",
            "required": ["object", "id", "card_orders", "erased_at"],
            "properties": {
                "object": {"type": "string", "const": "person"},
                "id": {"type": "string", "maxLength": 64, "pattern": "^acc_[0-9a-f]{24}$"},
                "card_orders": {"type": "array", "maxItems": 10000, "items": {"type": "string", "maxLength": 64, "pattern": "^ord_[0-9a-f]{24}$"}},
                "erased_at": {"type": "string", "format": "date-time"},
            },
        }),
    );
    c.insert(
        "WebhookCardOrderImportObject".into(),
        tagged(
            "CardOrderImportSummary",
            "card_order_import",
            "An import of card orders that ended: how, and its counts. Read its report from the import's URL.",
        ),
    );
    // Every type a delivery can carry: the subscribable ones and `ping`.
    c.insert(
        "DeliveredEventType".into(),
        json!({
            "description": "An event's type: what an endpoint subscribes to, and `ping` for a test.",
            "type": "string",
            "enum": EventType::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        }),
    );
    c.insert(
        "WebhookEvent".into(),
        json!({
            "description": "Every event's envelope. `id` is the same on every retry of the event: treat an id you have seen as a duplicate.",
            "type": "object",
            "required": ["id", "type", "created", "company_id", "data"],
            "properties": {
                "id": {"type": "string", "maxLength": 64, "pattern": "^evt_[0-9a-f]{24}$", "example": "evt_1f0c9a7b2d4e6f8091a2b3c4"},
                "type": {"$ref": "#/components/schemas/DeliveredEventType"},
                "created": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 253402300799_i64, "description": "When the event happened, in Unix seconds.", "example": 1764590000},
                "company_id": {"type": "string", "maxLength": 64, "example": "cmp_de0000000000000000000001"},
                "data": {"type": "object", "required": ["object"], "properties": {"object": {"type": "object"}}},
            },
        }),
    );
    c
}

fn header(name: &str, description: &str, example: &str) -> Value {
    json!({
        "name": name, "in": "header", "required": true, "description": description,
        "schema": {"type": "string", "maxLength": 512}, "example": example,
    })
}

/// One `webhooks` entry: the POST the service makes for events of type `t`.
fn entry(t: EventType) -> Value {
    let name = t.as_str();
    let operation_id = format!("webhook_{}", name.replace('.', "_"));
    json!({"post": {
        "operationId": operation_id,
        "summary": format!("The `{name}` event"),
        "description": "POSTed to each endpoint that subscribes to this type (`ping` goes to any endpoint tested). Verify `ID06-Signature` before trusting it (see the README), answer 2xx within 10 seconds and do the work afterwards; anything else is retried with backoff for three days.",
        "tags": ["webhooks"],
        // The receiver authenticates the service by the signature, not by a scheme of this API.
        "security": [],
        "parameters": [
            header("ID06-Signature", "`t=<unix time>,v1=<hex>`: HMAC-SHA256 with the endpoint's secret over `\"{t}.{raw body}\"`; two `v1` during a secret's rotation.", "t=1764590000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"),
            header("ID06-Event-Id", "The event's id, as in the body; the same on every retry.", "evt_1f0c9a7b2d4e6f8091a2b3c4"),
            header("ID06-Event-Type", "The event's type, as in the body.", name),
            header("ID06-Delivery-Id", "This delivery (one per endpoint and event), as listed under the endpoint's deliveries.", "whd_1f0c9a7b2d4e6f8091a2b3c4"),
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "allOf": [
                {"$ref": "#/components/schemas/WebhookEvent"},
                {"type": "object", "properties": {
                    "type": {"type": "string", "const": name},
                    "data": {"type": "object", "required": ["object"], "properties": {"object": object_of(t)}},
                }},
            ],
        }}}},
        "responses": {
            "2XX": {"description": "Received: the delivery succeeded."},
            "default": {"description": "Anything else (or no answer in 10 seconds) is a failure, retried with backoff for three days."},
        },
    }})
}

/// Adds the `webhooks` section and the schemas it uses.
pub fn document(v: &mut Value) {
    for (name, schema) in components() {
        set(v, &format!("/components/schemas/{name}"), schema);
    }
    let entries: Map<String, Value> = EventType::ALL
        .iter()
        .map(|t| (t.as_str().to_owned(), entry(*t)))
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("webhooks".into(), Value::Object(entries));
    }
}
