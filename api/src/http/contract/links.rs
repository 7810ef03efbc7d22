//! OpenAPI links between operations.

use serde_json::{json, Value};

use super::set;

/// OpenAPI links, so a client (and the fuzzer's stateful phase) can follow an order from the list
/// to its review, and from the review to accept, reject and the audit trail; and a member from
/// the invitation or the list to the member's own operations.
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
    let member = |op: &str, id: &str| json!({"operationId": op, "parameters": {"company_id": "$request.path.company_id", "member_id": id}});
    let company_links = [
        (
            "/paths/~1v1~1companies~1{company_id}~1members/post/responses/201/links",
            json!({
                "GetMember": member("get_company_member", "$response.body#/id"),
                "ChangeMemberRole": member("change_company_member_role", "$response.body#/id"),
                "RemoveMember": member("remove_company_member", "$response.body#/id"),
            }),
        ),
        (
            "/paths/~1v1~1companies~1{company_id}~1members/get/responses/200/links",
            json!({"GetFirstMember": member("get_company_member", "$response.body#/data/0/id")}),
        ),
    ];
    for (pointer, value) in links.into_iter().chain(company_links) {
        set(v, pointer, value);
    }
}
