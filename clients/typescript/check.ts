// Compiled with `tsc --strict` against the types openapi-typescript generates from
// openapi/openapi.json (scripts/clients.py). It fails to compile if the contract stops giving
// generated clients exact types: a required review, an order status that is a union of literals,
// an optional accept body, a typed problem code.
import type { components, paths } from "./schema";

type OrderReview = components["schemas"]["OrderReview"];
type OrderStatus = components["schemas"]["OrderStatus"];
type AcceptRequest = components["schemas"]["AcceptRequest"];
type AcceptResponse = components["schemas"]["AcceptResponse"];
type Problem = components["schemas"]["Problem"];
type CardStatus = components["schemas"]["CardStatus"];
type CardPin = components["schemas"]["CardPin"];

// The status is a union of literals: every case is known, and exhaustiveness is checked.
function label(status: OrderStatus): string {
  switch (status) {
    case "draft":
    case "waiting_for_review":
    case "approved":
    case "in_production":
    case "produced":
    case "shipped":
    case "delivered":
    case "rejected":
    case "cancelled":
    case "expired":
      return status;
    default: {
      const never: never = status;
      return never;
    }
  }
}

// A card's state is a union of literals too; the PIN answer carries the card and a string.
function cardLabel(status: CardStatus): string {
  switch (status) {
    case "inactive":
    case "active":
    case "blocked":
    case "terminated":
    case "expired":
      return status;
    default: {
      const never: never = status;
      return never;
    }
  }
}

function pinShown(answer: CardPin): string {
  return `${cardLabel(answer.card.status)} ${answer.card.number_last4} ${answer.pin.length}`;
}

// Fields that are always present are required (no `?`), nullable where they can be null.
function summary(review: OrderReview): string {
  const nationality: string | null = review.verified_nationality;
  const reason: string | null = review.rejection_reason;
  const canAccept: boolean = review.can_accept;
  return `${review.id} ${label(review.status)} ${nationality ?? "-"} ${reason ?? ""} ${canAccept}`;
}

// Accept takes an optional body.
type AcceptOperation = paths["/v1/me/card-orders/{order_id}/accept"]["post"];
const noBody: AcceptOperation["requestBody"] = undefined;
const withBody: AcceptRequest = { contact_details: { city: "Stockholm", country: "SE" } };

function confirmed(answer: AcceptResponse): OrderStatus {
  return answer.order.status;
}

function isNotFound(p: Problem): boolean {
  return p.code === "not_found" && p.status === 404;
}

export { summary, confirmed, isNotFound, noBody, withBody, pinShown };
