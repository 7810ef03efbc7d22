# Tjänstens texter på svenska. Varje nyckel finns också i ../en/main.ftl, med samma
# platshållare (ett test jämför dem).

## Import från kalkylblad: hela filen avvisas

import-refused-not-csv = Filen är inte CSV-text. Spara bladet som "CSV UTF-8" i Excel, eller skicka en XLSX-arbetsbok med dess medietyp.
import-refused-xlsx-as-csv = Filen är en XLSX-arbetsbok som skickats som CSV. Skicka den med Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.
import-refused-not-xlsx = Filen är inte en XLSX-arbetsbok. Spara den i Excel som "Excel-arbetsbok (*.xlsx)", eller skicka den som CSV.
import-refused-broken-workbook = XLSX-arbetsboken är skadad eller ofullständig och kan inte läsas. Öppna den i Excel och spara den igen.
import-refused-too-many-rows = Filen har fler än { $limit } rader. Dela upp den i filer med högst { $limit } rader var.
import-refused-inflates = Arbetsboken packas upp till mer än { $limit } MB. Ta bort det importen inte behöver (andra blad, bilder), eller spara bladet som CSV.
import-refused-not-utf8 = Rad { $line } i filen är inte giltig UTF-8. Välj Arkiv > Spara som > "CSV UTF-8 (kommaavgränsad)" i Excel och skicka den filen.
import-refused-empty = Filen saknar rubrikrad. Första raden ska namnge kolumnerna, som i mallen.
import-header-refused = Rubrikraden saknar obligatoriska kolumner eller namnger en kolumn två gånger. Varje kolumn namnges i en egen rubrikcell, på svenska eller engelska, som i mallen.
import-missing-column = Filen saknar kolumnen { $column }.
import-repeated-column = Fler än en rubrik namnger kolumnen { $column }.
import-no-delivery-address = Företaget har ingen standardadress för leverans; importerade beställningar skickas dit. Ange en för företaget först.

## Rapporten för en import

report-sheet = Importrapport
report-row = Rad
report-status = Status
report-order = Beställning
report-column = Kolumn
report-code = Kod
report-message = Meddelande

## Ett fälts problem, efter dess kod (en rad i en import, ett fält i en begäran)

field-required = Ett värde krävs.
field-blank = Får inte vara tomt.
field-too_long = Får vara högst { $max } tecken.
field-invalid_characters = { $reason ->
    [name_start] Måste börja med en bokstav.
    [control] Får inte innehålla styrtecken eller osynliga formateringstecken.
   *[name_letters] Får bara innehålla bokstäver, mellanslag, bindestreck, apostrofer och punkter.
}
field-invalid_date = Måste vara ett datum som 1985-04-23.
field-in_future = Får inte ligga i framtiden.
field-too_early = Får inte vara före 1900-01-01.
field-invalid_country = Måste vara en landskod enligt ISO 3166-1, till exempel SE.
field-invalid_personal_identity_number = Måste vara ett svenskt personnummer eller samordningsnummer som 19811218-9876.
field-does_not_match_date_of_birth = Datumet i personnumret skiljer sig från födelsedatumet.
field-not_from_name = { $reason ->
    [given_names] Förnamnen måste komma från det fullständiga namnet, i ordning; initialer som "K." är tillåtna.
   *[shape] Måste sluta med efternamnet och börja med minst ett förnamn.
}
field-invalid_email = Måste vara en e-postadress som namn@example.se.
field-invalid_phone = { $reason ->
    [not_in_use] Är inte ett nummer som används enligt landets nummerplan.
   *[form] Måste vara ett telefonnummer i internationell form (+46 70 445 07 23) eller ett svenskt nationellt nummer (070-445 07 23).
}
field-not_a_mobile_number = Måste vara ett mobilnummer: inloggningskoder skickas med sms.
field-invalid_validity = { $reason ->
    [not_in_future] Måste vara efter i dag.
    [after_document_expiry] Får inte vara efter id-handlingens giltighetstid, { $expiry }.
   *[too_long] Får vara högst { $max } (5 år för svenska medborgare och den som har svenskt personnummer eller samordningsnummer, annars 6 månader).
}
field-duplicate_in_file = Samma person eller e-postadress som rad { $row }.
field-open_order_exists = Företaget har redan en öppen beställning för den här personen eller e-postadressen.
field-access_lost = Inte lagd: den som laddade upp filen får inte längre beställa för företaget.
field-no_delivery_address = Inte lagd: företaget har ingen standardadress för leverans.
