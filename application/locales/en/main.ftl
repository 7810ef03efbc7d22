# The service's texts in English. Every key is also in ../sv/main.ftl, with the same
# placeholders (a test compares them). Keys name what the text is for, not its words.

## Spreadsheet imports: refusals of a whole file

import-refused-not-csv = This file is not CSV text. Save the sheet as "CSV UTF-8" in Excel, or send an XLSX workbook with its media type.
import-refused-xlsx-as-csv = This file is an XLSX workbook, sent as CSV. Send it with Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.
import-refused-not-xlsx = This file is not an XLSX workbook. Save it in Excel as "Excel Workbook (*.xlsx)", or send it as CSV.
import-refused-broken-workbook = This XLSX workbook is damaged or incomplete and cannot be read. Open it in Excel and save it again.
import-refused-too-many-rows = The file has more than { $limit } rows. Split it into files of at most { $limit } rows each.
import-refused-inflates = The workbook unpacks to more than { $limit } MB. Remove what the import does not need (other sheets, pictures), or save the sheet as CSV.
import-refused-not-utf8 = Line { $line } of the file is not valid UTF-8. In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" and send that file.
import-refused-empty = The file has no header row. The first row must name the columns, like the template.
import-header-refused = The header row lacks required columns or names one twice. Each column is named in its own header cell, in Swedish or English, like the template.
import-missing-column = The file has no column { $column }.
import-repeated-column = More than one header names the column { $column }.
import-no-delivery-address = The company has no default delivery address; imported orders are sent there. Set one on the company first.

## The report of an import

report-sheet = Import report
report-row = Row
report-status = Status
report-order = Order
report-column = Column
report-code = Code
report-message = Message

## A field's problem, by its code (`field-<code>`, or `field-<code>-<reason>` where one code
## has several messages): a row of an import, a field of a request

field-required = A value is required.
field-required-event_types = Name at least one event type.
field-blank = Must not be blank.
field-too_long = Must be at most { $max } characters.
field-too_short = Must be at least { $min } characters.
field-common_password = Is too common: attackers try it first. Use a longer phrase of your own.
field-invalid_characters = Contains characters that are not allowed here.
field-invalid_characters-name_letters = May contain only letters, spaces, hyphens, apostrophes and periods.
field-invalid_characters-name_start = Must start with a letter.
field-invalid_characters-control = Must not contain control or invisible formatting characters.
field-invalid_date = Must be a date like 1985-04-23.
field-in_future = Must not be in the future.
field-in_future-document = Is in the future.
field-too_early = Must not be before 1900-01-01.
field-invalid_country = Must be an ISO 3166-1 country code such as SE.
field-invalid_personal_identity_number = Must be a Swedish personal identity or coordination number like 19811218-9876.
field-does_not_match_date_of_birth = The date in the personal identity number differs from the date of birth.
field-date_of_birth_mismatch = Does not carry the date of birth.
field-not_from_name = Must be made of the full name.
field-not_from_name-shape = Must end with the surname and start with at least one given name.
field-not_from_name-given_names = The given names must come from the full name, in order; initials such as "K." are allowed.
field-invalid_email = Must be an email address like name@example.se.
field-invalid_phone = Must be a phone number in international form (+46 70 445 07 23) or a Swedish national number (070-445 07 23).
field-invalid_phone-not_in_use = Is not a number in use in its country's numbering plan.
field-not_a_mobile_number = Must be a mobile number: sign-in codes are sent by SMS.
field-invalid_validity = Is not a validity the rules allow.
field-invalid_validity-not_in_future = Must be after today.
field-invalid_validity-too_long = May be at most { $max } (5 years for Swedish citizens and holders of a Swedish personal identity or coordination number, otherwise 6 months).
field-invalid_validity-after_document_expiry = Must not be after the identity document's expiry, { $expiry }.
field-invalid_validity-between = Must be after today and at most { $max }.
field-invalid_postal_code = Is not a postal code.
field-invalid_postal_code-swedish = A Swedish postal code has five digits, like 114 55.
field-invalid_postal_code-foreign = Must be 1 to { $max } letters (A-Z), digits, spaces or hyphens, starting with a letter or digit.
field-invalid_org_number = Must be a Swedish organisation number like 556547-9770.
field-invalid_org_number-group = The 3rd and 4th digits must be at least 20.
field-invalid_org_number-check_digit = The check digit does not match.
field-invalid_card_number = Must be two letters and ten digits, as printed: BB-xxxx-xxxxxx.
field-invalid_card_number-check_digit = The check digit does not match: compare the number with the card.
field-invalid_document_number = Must be 1 to 20 letters and digits.
field-document_expired = The document has expired: a check of it cannot be green.
field-mrz_disagrees = Does not agree with the machine-readable zone.
field-mrz_document_type = Is not the zone of this type of document.
field-invalid_mrz = Is not a machine-readable zone: { $detail }
field-mrz_check_digit = The zone's check digit of { $which ->
    [document_number] the document number
    [date_of_birth] the date of birth
    [expiry] the expiry date
    [optional_data] the optional data
   *[composite] the whole zone
} is wrong.
field-unknown_scope = `{ $scope }` is not a scope.
field-repeated_scope = `{ $scope }` is named twice.
field-scope_not_allowed = A client of role { $role } cannot have `{ $scope }`.
field-unknown_event_type = `{ $name }` is not an event type.
field-duplicate_event_type = `{ $name }` is given twice.
field-duplicate_in_file = The same person or email as row { $row }.
field-open_order_exists = The company already has an open order for this person or email.
field-access_lost = Not placed: whoever uploaded the file may no longer order for the company.
field-no_delivery_address = Not placed: the company has no default delivery address.
field-delivery_address-required = The company has no default delivery address: give one.
field-delivery_address-give = Give the address the card should be delivered to.
field-identity_number-required = Confirm the personal identity number on your card order (or your document's number).
field-identity_number_mismatch = Is not the number your employer entered on the card order.
field-invalid_link = Is invalid, expired or already used.
field-wrong_password = Is not the account's password.
field-same_phone = Is already the account's mobile number.
field-invalid_code-phone = Is not the code sent to the new number.
field-card_number_mismatch = Does not match the card.
field-verified_identity-missing = Verify your identity with a passport, national ID card or BankID first.
field-mismatch = The order says "{ $order_value }" but your verified identity says "{ $verified_value }". Reject the order so your company can correct it.
field-contact-missing = Required before you can accept.
field-quantity-out_of_range = Must be 1 to { $max }.
field-queue-status = The queue lists approved, in_production, produced or shipped orders.
field-company_id-required = A client of role { $role } belongs to one company.
field-company_id-not_allowed = A client of role { $role } belongs to no company.
field-unknown_company = Is not a company.
field-reason-cancel = Say why the order is cancelled.
field-reason-reject = Say why the order is wrong.
field-reason-green = A green check has no reason.
field-reason-not-green = Say why the check is not green.
field-invalid_base64 = Is not base64.
field-portrait_too_large = Is { $size } bytes; at most { $max } are accepted.
field-portrait_type_mismatch = Is not a { $type } file.
field-portrait_too_small = Is { $width }×{ $height }; at least { $min_width }×{ $min_height } pixels are needed to print it.
field-portrait_orientation = Is { $width }×{ $height }: a portrait is taller than it is wide.
field-portrait_corrupt = Does not decode as an image: { $reason }
field-url-not-absolute = Is not an absolute URL.
field-https_required = Must be an https URL.
field-url-credentials = Credentials do not belong in the URL.
field-url-fragment = A fragment is never sent: leave it out.
field-url-no-host = The URL has no host.
field-unresolvable_host = The host does not resolve.
field-private_address = The host resolves to a private, loopback or link-local address.
field-body-object = The body must be a JSON object.
field-body-object-or-nothing = The body must be a JSON object (or left out).
field-unknown_field = Is not a field of this request.
field-unknown_parameter = Is not a parameter of this request.
field-not-null = May not be null.
field-invalid_type = { $expected ->
    [boolean] Must be true or false.
    [integer] Must be an integer.
    [number] Must be a number.
    [string] Must be a string.
    [array] Must be an array.
    [object] Must be an object.
    [null] Must be null.
   *[several] Has the wrong type.
}
field-invalid_type-detail = Has the wrong type ({ $detail }).
field-invalid_value-detail = Is not a valid value ({ $detail }).
field-one-of = Must be one of: { $options }.
field-constant = Must be { $value }.
field-format-date = Must be a date, YYYY-MM-DD, that exists in the calendar.
field-format-date-time = Must be a date and time with its offset, RFC 3339.
field-format-date-time-plus = Must be a date and time with its offset, RFC 3339 (a `+` in a query string reads as a space: send it as %2B).
field-format = Must be a valid { $format }.
field-length-min = Must be at least { $min } characters.
field-length-max = Must be at most { $max } characters.
field-length-between = Must be { $min } to { $max } characters.
field-items-min = Must have at least { $min } items.
field-items-max = Must have at most { $max } items.
field-duplicate_item = Lists an item twice.
field-pattern = Does not have the form the contract gives for this field.
field-minimum = Must be at least { $min }.
field-maximum = Must be at most { $max }.
field-no-form = Matches none of the forms this field may take.
field-invalid-here = Is not valid here.
field-invalid-code = Is invalid ({ $code }).

## Problem titles: the HTTP status's reason phrase (RFC 9110)

title-400 = Bad Request
title-401 = Unauthorized
title-403 = Forbidden
title-404 = Not Found
title-405 = Method Not Allowed
title-406 = Not Acceptable
title-409 = Conflict
title-412 = Precondition Failed
title-413 = Content Too Large
title-415 = Unsupported Media Type
title-422 = Unprocessable Content
title-428 = Precondition Required
title-429 = Too Many Requests
title-500 = Internal Server Error
title-503 = Service Unavailable

## Problem details: what went wrong and what to do

problem-invalid-token = A valid access token is required (Authorization: Bearer ...).
problem-invalid-credentials = Wrong email or password.
problem-wrong-code = Wrong code. { $remaining } attempt(s) left.
problem-challenge-invalid = This sign-in attempt has expired, was used, or had too many wrong codes. Sign in again.
problem-invalid-refresh-token = The refresh token is invalid or expired. Sign in again.
problem-not-found = No such resource.
problem-precondition-failed = The resource changed since you read it (If-Match does not match its ETag). Read it again.
problem-rate-limited = Too many attempts. Try again in { $seconds } seconds.
problem-unavailable = The service is temporarily unavailable. Try again shortly.
problem-internal = An unexpected error occurred. It has been logged.
problem-invalid-query = Invalid query parameter(s): { $fields }.
problem-method-not-allowed = Allowed methods: { $allow }.
problem-payload-too-large = The request body is larger than { $limit } bytes.
problem-unsupported-media-type = Send the request body as { $expected }.
problem-precondition-required = Send If-Match with the ETag of the version you read, so a change made meanwhile is not overwritten.
problem-not-acceptable = This API answers only application/json (errors: application/problem+json); the Accept header rules both out.
problem-validation-failed = The request has invalid fields.
problem-conflict = A concurrent request changed the same data. Try again.
problem-bad-request = The request could not be understood.
problem-malformed-json = The request body is not valid JSON (line { $line }, column { $column }).
problem-duplicate-member = The request body names a member twice ({ $member }); each name may appear once in an object.
problem-malformed-body = The request body could not be read.
problem-invalid-precondition-header = { $header } must be * or a list of entity tags such as "3.2".
problem-invalid-idempotency-key = Idempotency-Key must be 1 to 255 visible ASCII characters.
problem-invalid-cursor = The cursor is not one this API returned.
problem-invalid-limit = limit must be from 1 to 100.
problem-name-too-long = name must be at most 100 characters.
problem-idempotency-key-reused = This Idempotency-Key was used with another request. Use a new key for a new request.
problem-changed-meanwhile = { $what ->
    [member] The member was changed by another request. Read it again.
    [card] The card was changed by another request. Read it again.
    [visitor_order] The visitor order was changed by another request. Read it again.
    [endpoint] The endpoint was changed by another request. Read it again.
    [invitation] The invitation was changed by another request. Read it again.
   *[order] The order was changed by another request. Read it again.
}
problem-role-not-allowed = Your role in this company ({ $role ->
    [admin] admin
   *[orderer] orderer
}) does not allow this; ask an administrator.
problem-insufficient-scope = This needs the scope { $scope }, which this token does not have.
problem-integrator-members = An integrator acts as an orderer: managing members is for administrators.
problem-operator-required = Only a platform operator may do this.
problem-verifier-required = Only the identity-verification partner's client (with the scope identity_verifications:write) may do this.
problem-producer-required = Only the card producer's client may do this.
problem-second-factor-required = Sign in with a second factor (the SMS code) to do this.
problem-order-state = The order is { $status } ({ $label }) and cannot be { $transition ->
    [submit] submitted
    [edit] edited
    [accept] accepted
    [reject] rejected
    [cancel] cancelled
    [start_production] put into production
    [produced] marked produced
    [ship] shipped
    [deliver] marked delivered
    [refuse] refused by the card producer
   *[expire] expired
} now.
problem-card-state = The card is { $status } and cannot be { $transition ->
    [activate] activated
    [block] blocked
    [unblock] unblocked
    [terminate] terminated
   *[expire] expired
} now.
problem-check-inconsistent = The check is not consistent: see errors.
problem-identity-number-mismatch = That is not the number on your card order. { $remaining } attempts are left with this link.
problem-check-already-bound = This identity check was already bound.
problem-org-number-taken = A company with this organisation number exists already.
problem-already-member = This email is a member of the company already (or invited).
problem-last-admin = A company keeps at least one administrator: make someone else an administrator first.
problem-wrong-password = The current password is wrong.
problem-password-changed-meanwhile = The password was changed by another request. Sign in again.
problem-same-phone = That is already your mobile number.
problem-phone-change-closed = This change expired, was used or had too many wrong codes. Start again.
problem-wrong-phone-code = Wrong code; { $remaining } attempts left.
problem-pin-needs-active-card = The card is { $status }: a PIN exists only for an activated card.
problem-card-number-mismatch = That is not this card's number. Type the number printed on the card.
problem-visitor-order-not-refusable = A visitor order cannot be refused: it has no portrait or documents.
problem-portrait-gone = The order is { $status }: its portrait is only given out until the card is produced.
problem-portrait-missing = The cardholder's identity was not verified with a photographed document, so there is no portrait to print: refuse the order with the reason.
problem-client-revoked = The client is revoked.
problem-bankid-attempt-ended = This identification has ended already; start a new one.
problem-sign-in-completed-meanwhile = This sign-in was completed by another request.
problem-delivery-succeeded = The delivery succeeded: there is nothing to retry.
problem-too-many-endpoints = A company has at most { $max } webhook endpoints.
problem-endpoint-disabled = The endpoint is disabled: nothing would be delivered. Enable it, then test it.
problem-invalid-link = The link is invalid, expired or already used. Ask for a new one.
problem-account-exists = An account with this email exists already. Sign in instead.
problem-invitation-closed = The invitation is { $state ->
    [completed] completed
    [revoked] revoked
   *[expired] expired
} and cannot be changed.
problem-invitation-answered = The invitation was answered or changed meanwhile.

## Statuses as people read them

order-status-draft = Being prepared by your company
order-status-waiting_for_review = Waiting for your review
order-status-approved = Confirmed, waiting for production
order-status-in_production = In production
order-status-produced = Produced, waiting to be shipped
order-status-shipped = Shipped
order-status-delivered = Delivered
order-status-rejected = Rejected, waiting for the company to correct it
order-status-cancelled = Cancelled
order-status-expired = Expired
card-status-inactive = inactive
card-status-active = active
card-status-blocked = blocked
card-status-terminated = terminated
card-status-expired = expired

## More problem details

problem-identity-mismatch = The order does not match your verified identity.
problem-identity-unverified = Your identity has not been verified yet.
problem-contact-details-incomplete = Complete your contact details before accepting.

## BankID: its recommended user messages (RFA), and this service's own refusals

bankid-rfa1 = Start your BankID app.
bankid-rfa3 = Action cancelled. Please try again.
bankid-rfa4 = An identification or signing for this personal number is already started. Please try again.
bankid-rfa5 = Internal error. Please try again.
bankid-rfa6 = Action cancelled.
bankid-rfa8 = The BankID app is not responding. Please check that it is started and that you have internet access. If you don't have a valid BankID you can get one from your bank. Try again.
bankid-rfa9 = Enter your security code in the BankID app and select Identify.
bankid-rfa13 = Trying to start your BankID app.
bankid-rfa14 = Searching for BankID, it may take a little while.
bankid-rfa16 = The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.
bankid-rfa17 = Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don't have the BankID app, you need to install it and get a BankID from your bank.
bankid-rfa21 = Identification in progress.
bankid-rfa22 = Unknown error. Please try again.
bankid-rfa23 = Process your machine-readable travel document using the BankID app.
bankid-mrtd_required = Your passport or national ID card must be read in the BankID app. Start again and follow the steps in the app.
bankid-personal_number_mismatch = The BankID you used belongs to another person than the one the card order is for. Use your own BankID, or ask your employer to correct the order.
bankid-account_person_mismatch = The BankID you used belongs to another person than the one this account is verified as. Sign in with your own BankID; nothing was changed.
bankid-order_person_mismatch = The name or date of birth BankID gave does not match the card order. Reject the order with the correct data so your employer can fix it, or use your own BankID.
bankid-unusable_identity = BankID's answer could not be used to identify you. Contact support.
bankid-no_account = No account is verified with this BankID. Sign in with your email and password, then approve a card order with BankID to link it.

## Downloads of a company's lists: their column headers

export-orders-id = Order
export-orders-status = Status
export-orders-status_text = Status (text)
export-orders-full_name = Name
export-orders-date_of_birth = Date of birth
export-orders-personal_identity_number = Personal identity number
export-orders-nationality = Nationality
export-orders-cardholder_email = Email
export-orders-name_to_print = Name on card
export-orders-valid_until = Valid until
export-orders-created_at = Created
export-orders-updated_at = Updated
export-cards-id = Card
export-cards-number = Card number
export-cards-status = Status
export-cards-status_text = Status (text)
export-cards-name_to_print = Name on card
export-cards-valid_until = Valid until
export-cards-order_id = Order
export-cards-activated_at = Activated
export-cards-created_at = Created
export-cards-updated_at = Updated

## Emails (`<key>-subject` and `<key>-body`) and SMS, written in the reader's own language

email-account-link-member-subject = Create your ID06 account
email-account-link-member-body =
    { $company } added you as { $role ->
        [admin] an administrator
       *[orderer] an orderer
    } in the ID06 card portal.

    Next step: create your account (password and mobile number) here:
    { $link }

    The link works once and expires in { $days } days.
email-account-link-operator-subject = Create your ID06 account
email-account-link-operator-body =
    You were made an operator of the ID06 card portal.

    Next step: create your account (password and mobile number) here:
    { $link }

    The link works once and expires in { $days } days.
email-account-link-card-ordered-subject = Create your ID06 account
email-account-link-card-ordered-body =
    { $company } has ordered an ID06 card for you. With Swedish BankID, create your account and approve the order with BankID. Without BankID, identify with your passport or national ID card at an identity-verification partner first: you then get a link of its own.

    Next step: create your account (password and mobile number) here:
    { $link }

    The link works once and expires in { $days } days.
email-membership-added-subject = You were added to { $company }
email-membership-added-body =
    { $company } added you as { $role ->
        [admin] an administrator
       *[orderer] an orderer
    } in the ID06 card portal.

    Next step: sign in with your existing account:
    { $link }
email-card-ordered-subject = { $company } ordered an ID06 card for you
email-card-ordered-body =
    { $company } has ordered an ID06 card for you.

    Next step: sign in and review the order — check that your name, date of birth and nationality match your passport, national ID card or BankID — then accept it (or reject it with a reason):
    { $link }

    No account yet? A separate email brings the link to create it (then approve with BankID), or identify with your passport or national ID card at an identity-verification partner first; the order is waiting for you.
email-order-changed-subject = Review your changed ID06 card order
email-order-changed-body =
    { $company } has changed your ID06 card order.

    Next step: sign in and review the order again, then accept it (or reject it with a reason):
    { $link }
email-invitation-subject = { $company }: enter your data for an ID06 card
email-invitation-body =
    { $company } invites you to enter your personal data for an ID06 card.

    Next step: open the link and enter your name, date of birth, nationality and mobile number exactly as in your passport, national ID card or BankID:
    { $link }

    The link works once and expires in { $days } days.
email-order-ready-to-submit-subject = An ID06 order is ready to submit
email-order-ready-to-submit-body =
    { $person } has entered their data for an ID06 card from { $company }.

    Next step: check the draft order and submit it to { $person } for approval:
    { $link }
email-password-changed-subject = Your ID06 password was changed
email-password-changed-body =
    The password of your ID06 account was changed. You were signed out everywhere else.

    If this was not you, reset your password at once and contact your company's ID06 administrator.
email-password-reset-done-subject = Your ID06 password was reset
email-password-reset-done-body =
    A new password was set for your ID06 account with a reset link. You were signed out everywhere.

    If this was not you, contact your company's ID06 administrator.
email-password-reset-link-subject = Reset your ID06 password
email-password-reset-link-body =
    Someone asked to reset the password of your ID06 account.

    Next step: choose a new password here:
    { $link }

    The link works once and expires in { $minutes } minutes. Signing in still needs the code sent to your mobile. If you did not ask for this, ignore this email.
email-phone-changed-subject = Your ID06 mobile number was changed
email-phone-changed-body =
    Sign-in codes for your ID06 account now go to { $phone }. You were signed out everywhere else.

    If this was not you, reset your password at once and contact your company's ID06 administrator.
email-card-shipped-subject = Your ID06 card has been shipped
email-card-shipped-body =
    Your ID06 card from { $company } has been produced and shipped to the address { $company } chose.

    Carrier: { $carrier }
    Tracking number: { $tracking }

    Next step: when the card has arrived, sign in and activate it by typing the number printed on the card:
    { $link }
email-card-delivered-subject = Activate your ID06 card
email-card-delivered-body =
    Your ID06 card from { $company } has been delivered.

    Next step: sign in and activate it: type the card number printed on the card (BB-xxxx-xxxxxx). You will then see your PIN; you can view it again later by typing the card number again.
    { $link }
email-identity-verified-create-account-subject = Your identity was verified: create your ID06 account
email-identity-verified-create-account-body =
    Your identity document was checked and accepted.

    Next step: create your account here. You will be asked for the personal identity number (or your document's number) exactly as your employer entered it on your card order:
    { $link }

    The link works once and expires in { $days } days.
email-identity-verified-attached-subject = Your identity was verified
email-identity-verified-attached-body =
    Your identity document was checked and accepted, and your ID06 account now carries the verified identity.

    Next step: sign in and review your card order:
    { $link }
email-identity-other-persons-account-subject = Your identity check could not be added
email-identity-other-persons-account-body =
    An identity document was checked for this email address, but your ID06 account is already verified as another person, so the check was not added to it. If you did not visit an identity-verification partner, or the details are wrong, contact ID06 support.
email-identity-not-verified-subject = Your identity check
email-identity-not-verified-body =
    { $outcome ->
        [yellow] The check of your identity document was inconclusive. Visit the identity-verification partner again with a valid, undamaged passport or national ID card.
       *[red] Your identity document was not accepted, so a card cannot be ordered on it. Contact the identity-verification partner.
    }

    Reason: { $reason }
email-data-erased-subject = Your ID06 personal data was erased
email-data-erased-body =
    Your ID06 account and the personal data it held were erased. Companies' orders keep their history without your name.
email-data-erased-held-subject = Your ID06 personal data was erased
email-data-erased-held-body =
    The personal data that no law or live card needs was erased, and you were signed out. This is kept for now, and goes as said:

    { $held }
erasure-held-card = Your ID06 card is valid until { $until }: the staff registers of construction sites (personalliggare) rely on it. It goes when the card ends.
erasure-held-order = The order is still in progress ({ $status }): a card is being made for you. Reject it, or ask the company to cancel it, and it goes.
email-webhook-disabled-subject = A webhook endpoint was disabled
email-webhook-disabled-body =
    Deliveries to your webhook endpoint { $url } ({ $id }) have failed for three days, so the endpoint was disabled. Events are kept: fix the receiver, enable the endpoint again (PATCH with "enabled": true) and retry the failed deliveries.
sms-sign-in-code = Your ID06 sign-in code is { $code }. It expires in { $minutes } minutes. Never share it with anyone.
sms-phone-change-code = Your ID06 code is { $code }. Enter it to make this your sign-in number. It expires in { $minutes } minutes.
sms-phone-changed = ID06: sign-in codes now go to { $phone }. If this was not you, reset your password and contact your ID06 administrator.

## Who read a person's identity data, and what (`GET /v1/me/data-access`)

data-reader-integrator = An HR system
data-reader-card-producer = The card producer
data-reader-identity-verifier = The identity verifier
data-reader-operator = An operator
data-reader-gone = Someone who has since left
data-read-order-identity-check = viewed your order's identity check
data-read-portrait = downloaded your portrait to print your card
data-read-identity-check = read back your identity document check
data-read-security-log = read the security log about your account

## A company's list, for a cardholder whose personal data was erased

erased-person = Erased person
