//! OpenAPI links between operations.

use serde_json::{json, Value};

use super::set;

/// OpenAPI links, so a client (and the fuzzer's stateful phase) can follow an order from the list
/// to its review, and from the review to accept, reject and the audit trail.
pub fn add_links(v: &mut Value) {
    let link = |op: &str, expr: &str| json!({"operationId": op, "parameters": {"order_id": expr}});
    let links = [
        (
            "/paths/~1v1~1me~1card-orders/get/responses/200/links",
            json!({"GetFirstOrder": link("get_my_card_order", "$response.body#/data/0/id")}),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}/get/responses/200/links",
            json!({
                "AcceptOrder": link("accept_my_card_order", "$response.body#/id"),
                "RejectOrder": link("reject_my_card_order", "$response.body#/id"),
                "ListOrderEvents": link("list_my_card_order_events", "$response.body#/id"),
            }),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}~1accept/post/responses/200/links",
            json!({"ListOrderEvents": link("list_my_card_order_events", "$response.body#/order/id")}),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}~1reject/post/responses/200/links",
            json!({"ListOrderEvents": link("list_my_card_order_events", "$response.body#/id")}),
        ),
    ];
    for (pointer, value) in links {
        set(v, pointer, value);
    }
}
