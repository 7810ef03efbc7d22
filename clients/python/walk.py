"""The cardholder's whole flow through the Python client generated from openapi/openapi.json by
openapi-python-client, against the real server: sign in, review, contact details, accept with
If-Match and without a body, the audit trail, and a typed problem for an unknown order. Run by
scripts/clients.py, which generates the client and starts the server."""

import sys

from id06_client import AuthenticatedClient, Client
from id06_client.api.auth import create_login_challenge, verify_login_challenge
from id06_client.api.cardholder import (
    accept_my_card_order,
    get_my_card_order,
    list_my_card_order_events,
    list_my_card_orders,
    put_contact_details,
)
from id06_client.models import (
    AcceptResponse,
    ActorKind,
    ContactDetailsInput,
    CountryCode,
    IdentityCheckResult,
    LoginChallenge,
    LoginRequest,
    OrderPage,
    OrderReview,
    OrderStatus,
    Problem,
    ProblemCode,
    TokenResponse,
    VerifyRequest,
)


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"  ok: {what}")


def walk(base_url, email, password, next_code):
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    challenge = create_login_challenge.sync(client=anonymous, body=LoginRequest(email=email, password=password))
    check(isinstance(challenge, LoginChallenge), "sign-in step one answers a LoginChallenge")
    tokens = verify_login_challenge.sync(
        client=anonymous, body=VerifyRequest(challenge_id=challenge.challenge_id, code=next_code())
    )
    check(isinstance(tokens, TokenResponse) and tokens.token_type == "Bearer", "the SMS code gives tokens")

    client = AuthenticatedClient(base_url=base_url, token=tokens.access_token, raise_on_unexpected_status=True)
    page = list_my_card_orders.sync(client=client)
    check(isinstance(page, OrderPage) and len(page.data) >= 1, "the list has the cardholder's orders")
    waiting = [o for o in page.data if o.status == OrderStatus.WAITING_FOR_REVIEW]
    matching = None
    for o in waiting:
        review = get_my_card_order.sync(o.id, client=client)
        if isinstance(review, OrderReview) and review.identity_check.result == IdentityCheckResult.MATCH:
            matching = o.id
    check(matching is not None, "an order waiting for review matches the verified identity")

    reviewed = get_my_card_order.sync_detailed(matching, client=client)
    etag = reviewed.headers.get("etag")
    review = reviewed.parsed
    check(reviewed.status_code == 200 and isinstance(review, OrderReview), "the review is an OrderReview")
    check(etag is not None and review.version in etag, "the review carries its ETag")
    check(review.verified_nationality == "SE", "a nullable field is read")

    contact = put_contact_details.sync(
        client=client,
        body=ContactDetailsInput(
            phone="070-445 07 23",
            email=email,
            address="Storgatan 12",
            postal_code="114 55",
            city="Stockholm",
            country=CountryCode.SE,
        ),
    )
    check(contact is not None and contact.missing == [], "contact details are complete")

    accepted = accept_my_card_order.sync_detailed(matching, client=client, if_match=etag)
    check(accepted.status_code == 200 and isinstance(accepted.parsed, AcceptResponse), "accept without a body, with If-Match")
    check(accepted.parsed.order.status == OrderStatus.APPROVED, "the order is approved")

    events = list_my_card_order_events.sync(matching, client=client)
    last = events.data[-1]
    check(last.to_status == OrderStatus.APPROVED and last.actor_kind == ActorKind.CARDHOLDER, "the audit trail ends with the accept")

    missing = get_my_card_order.sync("ord_000000000000000000000000", client=client)
    check(isinstance(missing, Problem) and missing.code == ProblemCode.NOT_FOUND and missing.status == 404, "an unknown order is a typed problem")


if __name__ == "__main__":
    sys.exit(walk(*sys.argv[1:]))
