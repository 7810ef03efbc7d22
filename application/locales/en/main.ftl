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

## A field's problem, by its code (a row of an import, a field of a request)

field-required = A value is required.
field-blank = Must not be blank.
field-too_long = Must be at most { $max } characters.
field-invalid_characters = { $reason ->
    [name_start] Must start with a letter.
    [control] Must not contain control or invisible formatting characters.
   *[name_letters] May contain only letters, spaces, hyphens, apostrophes and periods.
}
field-invalid_date = Must be a date like 1985-04-23.
field-in_future = Must not be in the future.
field-too_early = Must not be before 1900-01-01.
field-invalid_country = Must be an ISO 3166-1 country code such as SE.
field-invalid_personal_identity_number = Must be a Swedish personal identity or coordination number like 19811218-9876.
field-does_not_match_date_of_birth = The date in the personal identity number differs from the date of birth.
field-not_from_name = { $reason ->
    [given_names] The given names must come from the full name, in order; initials such as "K." are allowed.
   *[shape] Must end with the surname and start with at least one given name.
}
field-invalid_email = Must be an email address like name@example.se.
field-invalid_phone = { $reason ->
    [not_in_use] Is not a number in use in its country's numbering plan.
   *[form] Must be a phone number in international form (+46 70 445 07 23) or a Swedish national number (070-445 07 23).
}
field-not_a_mobile_number = Must be a mobile number: sign-in codes are sent by SMS.
field-invalid_validity = { $reason ->
    [not_in_future] Must be after today.
    [after_document_expiry] Must not be after the identity document's expiry, { $expiry }.
   *[too_long] May be at most { $max } (5 years for Swedish citizens and holders of a Swedish personal identity or coordination number, otherwise 6 months).
}
field-duplicate_in_file = The same person or email as row { $row }.
field-open_order_exists = The company already has an open order for this person or email.
field-access_lost = Not placed: whoever uploaded the file may no longer order for the company.
field-no_delivery_address = Not placed: the company has no default delivery address.
