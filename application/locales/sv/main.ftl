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

## Ett fälts problem, efter dess kod (`field-<kod>`, eller `field-<kod>-<skäl>` där en kod har
## flera meddelanden): en rad i en import, ett fält i en begäran

field-required = Ett värde krävs.
field-required-event_types = Ange minst en händelsetyp.
field-blank = Får inte vara tomt.
field-too_long = Får vara högst { $max } tecken.
field-too_short = Måste vara minst { $min } tecken.
field-common_password = Är för vanligt: angripare provar det först. Använd en längre egen fras.
field-invalid_characters = Innehåller tecken som inte är tillåtna här.
field-invalid_characters-name_letters = Får bara innehålla bokstäver, mellanslag, bindestreck, apostrofer och punkter.
field-invalid_characters-name_start = Måste börja med en bokstav.
field-invalid_characters-control = Får inte innehålla styrtecken eller osynliga formateringstecken.
field-invalid_date = Måste vara ett datum som 1985-04-23.
field-in_future = Får inte ligga i framtiden.
field-in_future-document = Ligger i framtiden.
field-too_early = Får inte vara före 1900-01-01.
field-invalid_country = Måste vara en landskod enligt ISO 3166-1, till exempel SE.
field-invalid_personal_identity_number = Måste vara ett svenskt personnummer eller samordningsnummer som 19811218-9876.
field-does_not_match_date_of_birth = Datumet i personnumret skiljer sig från födelsedatumet.
field-date_of_birth_mismatch = Innehåller inte födelsedatumet.
field-not_from_name = Måste bestå av det fullständiga namnet.
field-not_from_name-shape = Måste sluta med efternamnet och börja med minst ett förnamn.
field-not_from_name-given_names = Förnamnen måste komma från det fullständiga namnet, i ordning; initialer som "K." är tillåtna.
field-invalid_email = Måste vara en e-postadress som namn@example.se.
field-invalid_phone = Måste vara ett telefonnummer i internationell form (+46 70 445 07 23) eller ett svenskt nationellt nummer (070-445 07 23).
field-invalid_phone-not_in_use = Är inte ett nummer som används enligt landets nummerplan.
field-not_a_mobile_number = Måste vara ett mobilnummer: inloggningskoder skickas med sms.
field-invalid_validity = Är inte en giltighetstid som reglerna tillåter.
field-invalid_validity-not_in_future = Måste vara efter i dag.
field-invalid_validity-too_long = Får vara högst { $max } (5 år för svenska medborgare och den som har svenskt personnummer eller samordningsnummer, annars 6 månader).
field-invalid_validity-after_document_expiry = Får inte vara efter id-handlingens giltighetstid, { $expiry }.
field-invalid_validity-between = Måste vara efter i dag och högst { $max }.
field-invalid_postal_code = Är inte ett postnummer.
field-invalid_postal_code-swedish = Ett svenskt postnummer har fem siffror, som 114 55.
field-invalid_postal_code-foreign = Måste vara 1 till { $max } bokstäver (A-Z), siffror, mellanslag eller bindestreck och börja med en bokstav eller siffra.
field-invalid_org_number = Måste vara ett svenskt organisationsnummer som 556547-9770.
field-invalid_org_number-group = Tredje och fjärde siffran måste vara minst 20.
field-invalid_org_number-check_digit = Kontrollsiffran stämmer inte.
field-invalid_card_number = Måste vara två bokstäver och tio siffror, som det står tryckt: BB-xxxx-xxxxxx.
field-invalid_card_number-check_digit = Kontrollsiffran stämmer inte: jämför numret med kortet.
field-invalid_document_number = Måste vara 1 till 20 bokstäver och siffror.
field-document_expired = Id-handlingen har gått ut: en kontroll av den kan inte vara grön.
field-mrz_disagrees = Stämmer inte med den maskinläsbara zonen.
field-mrz_document_type = Är inte zonen för den här typen av id-handling.
field-invalid_mrz = Är inte en maskinläsbar zon: { $detail }
field-mrz_check_digit = Zonens kontrollsiffra för { $which ->
    [document_number] handlingens nummer
    [date_of_birth] födelsedatumet
    [expiry] giltighetsdatumet
    [optional_data] de valfria uppgifterna
   *[composite] hela zonen
} är fel.
field-unknown_scope = `{ $scope }` är inte en behörighet.
field-repeated_scope = `{ $scope }` anges två gånger.
field-scope_not_allowed = En klient med rollen { $role } kan inte ha `{ $scope }`.
field-unknown_event_type = `{ $name }` är inte en händelsetyp.
field-duplicate_event_type = `{ $name }` anges två gånger.
field-duplicate_in_file = Samma person eller e-postadress som rad { $row }.
field-open_order_exists = Företaget har redan en öppen beställning för den här personen eller e-postadressen.
field-access_lost = Inte lagd: den som laddade upp filen får inte längre beställa för företaget.
field-no_delivery_address = Inte lagd: företaget har ingen standardadress för leverans.
field-delivery_address-required = Företaget har ingen standardadress för leverans: ange en.
field-delivery_address-give = Ange adressen som kortet ska levereras till.
field-identity_number-required = Bekräfta personnumret i din kortbeställning (eller numret på din id-handling).
field-identity_number_mismatch = Är inte numret som din arbetsgivare angav i kortbeställningen.
field-invalid_link = Är ogiltig, har gått ut eller har redan använts.
field-wrong_password = Är inte kontots lösenord.
field-same_phone = Är redan kontots mobilnummer.
field-invalid_code-phone = Är inte koden som skickades till det nya numret.
field-card_number_mismatch = Stämmer inte med kortet.
field-verified_identity-missing = Styrk din identitet med pass, nationellt id-kort eller BankID först.
field-mismatch = Beställningen anger "{ $order_value }" men din styrkta identitet anger "{ $verified_value }". Avvisa beställningen så att ditt företag kan rätta den.
field-contact-missing = Krävs innan du kan godkänna.
field-quantity-out_of_range = Måste vara 1 till { $max }.
field-queue-status = Kön listar beställningar som är godkända, i produktion, producerade eller skickade (approved, in_production, produced, shipped).
field-company_id-required = En klient med rollen { $role } hör till ett företag.
field-company_id-not_allowed = En klient med rollen { $role } hör inte till något företag.
field-unknown_company = Är inte ett företag.
field-reason-cancel = Ange varför beställningen avbryts.
field-reason-reject = Ange vad som är fel i beställningen.
field-reason-green = En grön kontroll har inget skäl.
field-reason-not-green = Ange varför kontrollen inte är grön.
field-invalid_base64 = Är inte base64.
field-portrait_too_large = Är { $size } byte; högst { $max } tas emot.
field-portrait_type_mismatch = Är inte en { $type }-fil.
field-portrait_too_small = Är { $width }×{ $height }; minst { $min_width }×{ $min_height } bildpunkter behövs för att trycka den.
field-portrait_orientation = Är { $width }×{ $height }: ett porträtt är högre än det är brett.
field-portrait_corrupt = Kan inte avkodas som en bild: { $reason }
field-url-not-absolute = Är inte en absolut URL.
field-https_required = Måste vara en https-URL.
field-url-credentials = Inloggningsuppgifter hör inte hemma i URL:en.
field-url-fragment = Ett fragment skickas aldrig: ta bort det.
field-url-no-host = URL:en saknar värd.
field-unresolvable_host = Värdnamnet går inte att slå upp.
field-private_address = Värden pekar på en privat adress, en loopback-adress eller en länklokal adress.
field-body-object = Innehållet måste vara ett JSON-objekt.
field-body-object-or-nothing = Innehållet måste vara ett JSON-objekt (eller utelämnas).
field-unknown_field = Är inte ett fält i den här begäran.
field-unknown_parameter = Är inte en parameter i den här begäran.
field-not-null = Får inte vara null.
field-invalid_type = { $expected ->
    [boolean] Måste vara true eller false.
    [integer] Måste vara ett heltal.
    [number] Måste vara ett tal.
    [string] Måste vara en sträng.
    [array] Måste vara en lista.
    [object] Måste vara ett objekt.
    [null] Måste vara null.
   *[several] Har fel typ.
}
field-invalid_type-detail = Har fel typ ({ $detail }).
field-invalid_value-detail = Är inte ett giltigt värde ({ $detail }).
field-one-of = Måste vara något av: { $options }.
field-constant = Måste vara { $value }.
field-format-date = Måste vara ett datum, ÅÅÅÅ-MM-DD, som finns i kalendern.
field-format-date-time = Måste vara datum och tid med tidszon, RFC 3339.
field-format-date-time-plus = Måste vara datum och tid med tidszon, RFC 3339 (ett `+` i en frågesträng läses som ett mellanslag: skicka det som %2B).
field-format = Måste vara ett giltigt { $format }.
field-length-min = Måste vara minst { $min } tecken.
field-length-max = Får vara högst { $max } tecken.
field-length-between = Måste vara { $min } till { $max } tecken.
field-items-min = Måste ha minst { $min } poster.
field-items-max = Får ha högst { $max } poster.
field-duplicate_item = Anger en post två gånger.
field-pattern = Har inte den form kontraktet anger för fältet.
field-minimum = Måste vara minst { $min }.
field-maximum = Får vara högst { $max }.
field-no-form = Stämmer inte med någon av de former fältet kan ha.
field-invalid-here = Är inte giltigt här.
field-invalid-code = Är ogiltigt ({ $code }).

## Problemrubriker: HTTP-statusens namn

title-400 = Felaktig begäran
title-401 = Inte inloggad
title-403 = Förbjudet
title-404 = Hittades inte
title-405 = Metoden är inte tillåten
title-406 = Kan inte svara i efterfrågat format
title-409 = Konflikt
title-412 = Villkoret uppfylls inte
title-413 = Innehållet är för stort
title-415 = Medietypen stöds inte
title-422 = Innehållet kan inte behandlas
title-428 = Villkor krävs
title-429 = För många förfrågningar
title-500 = Internt serverfel
title-503 = Tjänsten är inte tillgänglig

## Problembeskrivningar: vad som gick fel och vad du kan göra

problem-invalid-token = En giltig åtkomsttoken krävs (Authorization: Bearer ...).
problem-invalid-credentials = Fel e-postadress eller lösenord.
problem-wrong-code = Fel kod. { $remaining } försök kvar.
problem-challenge-invalid = Inloggningsförsöket har gått ut, har redan använts eller fick för många felaktiga koder. Logga in igen.
problem-invalid-refresh-token = Förnyelsetoken är ogiltig eller har gått ut. Logga in igen.
problem-not-found = Resursen finns inte.
problem-precondition-failed = Resursen har ändrats sedan du läste den (If-Match stämmer inte med dess ETag). Läs den igen.
problem-rate-limited = För många försök. Försök igen om { $seconds } sekunder.
problem-unavailable = Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.
problem-internal = Ett oväntat fel inträffade. Det har loggats.
problem-invalid-query = Ogiltiga frågeparametrar: { $fields }.
problem-method-not-allowed = Tillåtna metoder: { $allow }.
problem-payload-too-large = Begärans innehåll är större än { $limit } byte.
problem-unsupported-media-type = Skicka innehållet som { $expected }.
problem-precondition-required = Skicka If-Match med ETag för den version du läste, så att en ändring som gjorts under tiden inte skrivs över.
problem-not-acceptable = Det här API:et svarar bara med application/json (fel: application/problem+json); Accept-huvudet utesluter båda.
problem-validation-failed = Begäran har ogiltiga fält.
problem-conflict = En samtidig begäran ändrade samma uppgifter. Försök igen.
problem-bad-request = Begäran kunde inte tolkas.
problem-malformed-json = Begärans innehåll är inte giltig JSON (rad { $line }, kolumn { $column }).
problem-duplicate-member = Begärans innehåll anger en medlem två gånger ({ $member }); varje namn får förekomma en gång i ett objekt.
problem-malformed-body = Begärans innehåll kunde inte läsas.
problem-invalid-precondition-header = { $header } måste vara * eller en lista med entitetstaggar som "3.2".
problem-invalid-idempotency-key = Idempotency-Key måste vara 1 till 255 synliga ASCII-tecken.
problem-invalid-cursor = Markören kommer inte från det här API:et.
problem-invalid-limit = limit måste vara från 1 till 100.
problem-name-too-long = name får vara högst 100 tecken.
problem-idempotency-key-reused = Den här Idempotency-Key har använts för en annan begäran. Använd en ny nyckel för en ny begäran.
problem-changed-meanwhile = { $what ->
    [member] Medlemmen ändrades av en annan begäran. Läs den igen.
    [card] Kortet ändrades av en annan begäran. Läs det igen.
    [visitor_order] Besöksbeställningen ändrades av en annan begäran. Läs den igen.
    [endpoint] Webhook-mottagaren ändrades av en annan begäran. Läs den igen.
    [invitation] Inbjudan ändrades av en annan begäran. Läs den igen.
   *[order] Beställningen ändrades av en annan begäran. Läs den igen.
}
problem-role-not-allowed = Din roll i företaget ({ $role ->
    [admin] administratör
   *[orderer] beställare
}) tillåter inte detta; fråga en administratör.
problem-insufficient-scope = Detta kräver behörigheten { $scope }, som den här token saknar.
problem-integrator-members = En integration agerar som beställare: att hantera medlemmar är för administratörer.
problem-operator-required = Bara en plattformsoperatör får göra detta.
problem-verifier-required = Bara id-kontrollpartnerns klient (med behörigheten identity_verifications:write) får göra detta.
problem-producer-required = Bara kortproducentens klient får göra detta.
problem-second-factor-required = Logga in med en andra faktor (sms-koden) för att göra detta.
problem-order-state = Beställningen är { $status } ({ $label }) och kan inte { $transition ->
    [submit] skickas
    [edit] ändras
    [accept] godkännas
    [reject] avvisas
    [cancel] avbrytas
    [start_production] sättas i produktion
    [produced] markeras som producerad
    [ship] skickas ut
    [deliver] markeras som levererad
    [refuse] avvisas av kortproducenten
   *[expire] löpa ut
} nu.
problem-card-state = Kortet är { $status } och kan inte { $transition ->
    [activate] aktiveras
    [block] spärras
    [unblock] avspärras
    [terminate] avslutas
   *[expire] löpa ut
} nu.
problem-check-inconsistent = Kontrollen är inte konsekvent: se errors.
problem-identity-number-mismatch = Det är inte numret i din kortbeställning. { $remaining } försök återstår med den här länken.
problem-check-already-bound = Den här id-kontrollen är redan kopplad.
problem-org-number-taken = Det finns redan ett företag med det här organisationsnumret.
problem-already-member = Den här e-postadressen är redan medlem i företaget (eller inbjuden).
problem-last-admin = Ett företag behåller minst en administratör: gör någon annan till administratör först.
problem-wrong-password = Det nuvarande lösenordet är fel.
problem-password-changed-meanwhile = Lösenordet ändrades av en annan begäran. Logga in igen.
problem-same-phone = Det är redan ditt mobilnummer.
problem-phone-change-closed = Ändringen har gått ut, har redan använts eller fick för många felaktiga koder. Börja om.
problem-wrong-phone-code = Fel kod; { $remaining } försök kvar.
problem-pin-needs-active-card = Kortet är { $status }: en PIN-kod finns bara för ett aktiverat kort.
problem-card-number-mismatch = Det är inte det här kortets nummer. Skriv numret som står tryckt på kortet.
problem-visitor-order-not-refusable = En besöksbeställning kan inte avvisas: den har varken porträtt eller handlingar.
problem-portrait-gone = Beställningen är { $status }: porträttet lämnas bara ut tills kortet är producerat.
problem-portrait-missing = Kortinnehavarens identitet kontrollerades inte med en fotograferad id-handling, så det finns inget porträtt att trycka: avvisa beställningen med skälet.
problem-client-revoked = Klienten är återkallad.
problem-bankid-attempt-ended = Den här identifieringen är redan avslutad; starta en ny.
problem-sign-in-completed-meanwhile = Inloggningen slutfördes av en annan begäran.
problem-delivery-succeeded = Leveransen lyckades: det finns inget att försöka igen.
problem-too-many-endpoints = Ett företag har högst { $max } webhook-mottagare.
problem-endpoint-disabled = Webhook-mottagaren är inaktiverad: inget skulle levereras. Aktivera den och testa sedan.
problem-invalid-link = Länken är ogiltig, har gått ut eller har redan använts. Be om en ny.
problem-account-exists = Det finns redan ett konto med den här e-postadressen. Logga in i stället.
problem-invitation-closed = Inbjudan är { $state ->
    [completed] slutförd
    [revoked] återkallad
   *[expired] utgången
} och kan inte ändras.
problem-invitation-answered = Inbjudan besvarades eller ändrades under tiden.

## Statusar som människor läser dem

order-status-draft = Förbereds av ditt företag
order-status-waiting_for_review = Väntar på din granskning
order-status-approved = Bekräftad, väntar på produktion
order-status-in_production = I produktion
order-status-produced = Producerad, väntar på att skickas
order-status-shipped = Skickad
order-status-delivered = Levererad
order-status-rejected = Avvisad, väntar på att företaget rättar den
order-status-cancelled = Avbruten
order-status-expired = Utgången
card-status-inactive = inaktivt
card-status-active = aktivt
card-status-blocked = spärrat
card-status-terminated = avslutat
card-status-expired = utgånget

## Fler problembeskrivningar

problem-identity-mismatch = Beställningen stämmer inte med din styrkta identitet.
problem-identity-unverified = Din identitet har inte styrkts ännu.
problem-contact-details-incomplete = Fyll i dina kontaktuppgifter innan du godkänner.

## BankID: dess rekommenderade användarmeddelanden (RFA) och tjänstens egna avslag

bankid-rfa1 = Starta BankID-appen.
bankid-rfa3 = Åtgärden avbruten. Försök igen.
bankid-rfa4 = En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.
bankid-rfa5 = Internt tekniskt fel. Försök igen.
bankid-rfa6 = Åtgärden avbruten.
bankid-rfa8 = BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.
bankid-rfa9 = Skriv in din säkerhetskod i BankID-appen och välj Identifiera.
bankid-rfa13 = Försöker starta BankID-appen.
bankid-rfa14 = Söker efter BankID, det kan ta en liten stund …
bankid-rfa16 = Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.
bankid-rfa17 = Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank.
bankid-rfa21 = Identifiering pågår.
bankid-rfa22 = Okänt fel. Försök igen.
bankid-rfa23 = Fotografera och läs av din ID-handling med BankID-appen.
bankid-mrtd_required = Ditt pass eller nationella id-kort måste läsas av i BankID-appen. Börja om och följ stegen i appen.
bankid-personal_number_mismatch = Det BankID du använde tillhör en annan person än den som kortbeställningen gäller. Använd ditt eget BankID, eller be din arbetsgivare rätta beställningen.
bankid-account_person_mismatch = Det BankID du använde tillhör en annan person än den som kontot är styrkt för. Logga in med ditt eget BankID; inget har ändrats.
bankid-order_person_mismatch = Namnet eller födelsedatumet från BankID stämmer inte med kortbeställningen. Avvisa beställningen med rätt uppgifter så att din arbetsgivare kan rätta den, eller använd ditt eget BankID.
bankid-unusable_identity = Svaret från BankID kunde inte användas för att identifiera dig. Kontakta supporten.
bankid-no_account = Inget konto är styrkt med det här BankID:t. Logga in med e-post och lösenord och godkänn sedan en kortbeställning med BankID för att koppla det.

## Nedladdningar av ett företags listor: kolumnrubrikerna

export-orders-id = Beställning
export-orders-status = Status
export-orders-status_text = Status (text)
export-orders-full_name = Namn
export-orders-date_of_birth = Födelsedatum
export-orders-personal_identity_number = Personnummer
export-orders-nationality = Nationalitet
export-orders-cardholder_email = E-post
export-orders-name_to_print = Namn på kortet
export-orders-valid_until = Giltig till
export-orders-created_at = Skapad
export-orders-updated_at = Ändrad
export-cards-id = Kort
export-cards-number = Kortnummer
export-cards-status = Status
export-cards-status_text = Status (text)
export-cards-name_to_print = Namn på kortet
export-cards-valid_until = Giltig till
export-cards-order_id = Beställning
export-cards-activated_at = Aktiverat
export-cards-created_at = Skapat
export-cards-updated_at = Ändrat

## E-post (`<key>-subject` och `<key>-body`) och sms, på mottagarens eget språk

email-account-link-member-subject = Skapa ditt ID06-konto
email-account-link-member-body =
    { $company } har lagt till dig som { $role ->
        [admin] administratör
       *[orderer] beställare
    } i ID06-kortportalen.

    Nästa steg: skapa ditt konto (lösenord och mobilnummer) här:
    { $link }

    Länken fungerar en gång och upphör om { $days } dagar.
email-account-link-operator-subject = Skapa ditt ID06-konto
email-account-link-operator-body =
    Du har blivit operatör i ID06-kortportalen.

    Nästa steg: skapa ditt konto (lösenord och mobilnummer) här:
    { $link }

    Länken fungerar en gång och upphör om { $days } dagar.
email-account-link-card-ordered-subject = Skapa ditt ID06-konto
email-account-link-card-ordered-body =
    { $company } har beställt ett ID06-kort åt dig. Med svenskt BankID skapar du ditt konto och godkänner beställningen med BankID. Utan BankID identifierar du dig först med pass eller nationellt id-kort hos en id-kontrollpartner: då får du en egen länk.

    Nästa steg: skapa ditt konto (lösenord och mobilnummer) här:
    { $link }

    Länken fungerar en gång och upphör om { $days } dagar.
email-membership-added-subject = Du har lagts till i { $company }
email-membership-added-body =
    { $company } har lagt till dig som { $role ->
        [admin] administratör
       *[orderer] beställare
    } i ID06-kortportalen.

    Nästa steg: logga in med ditt befintliga konto:
    { $link }
email-card-ordered-subject = { $company } har beställt ett ID06-kort åt dig
email-card-ordered-body =
    { $company } har beställt ett ID06-kort åt dig.

    Nästa steg: logga in och granska beställningen — kontrollera att namn, födelsedatum och nationalitet stämmer med ditt pass, nationella id-kort eller BankID — och godkänn den (eller avvisa den med en anledning):
    { $link }

    Inget konto än? Ett separat mejl ger dig länken för att skapa det (godkänn sedan med BankID), eller identifiera dig först med pass eller nationellt id-kort hos en id-kontrollpartner; beställningen väntar på dig.
email-order-changed-subject = Granska din ändrade ID06-beställning
email-order-changed-body =
    { $company } har ändrat din ID06-kortbeställning.

    Nästa steg: logga in och granska beställningen igen, och godkänn den (eller avvisa den med en anledning):
    { $link }
email-invitation-subject = { $company }: fyll i dina uppgifter för ett ID06-kort
email-invitation-body =
    { $company } bjuder in dig att fylla i dina personuppgifter för ett ID06-kort.

    Nästa steg: öppna länken och fyll i namn, födelsedatum, nationalitet och mobilnummer precis som i ditt pass, nationella id-kort eller BankID:
    { $link }

    Länken fungerar en gång och upphör om { $days } dagar.
email-order-ready-to-submit-subject = En ID06-beställning är redo att skickas
email-order-ready-to-submit-body =
    { $person } har fyllt i sina uppgifter för ett ID06-kort från { $company }.

    Nästa steg: kontrollera utkastet och skicka beställningen till { $person } för godkännande:
    { $link }
email-password-changed-subject = Ditt ID06-lösenord har ändrats
email-password-changed-body =
    Lösenordet till ditt ID06-konto har ändrats. Du har loggats ut överallt annars.

    Om det inte var du: återställ ditt lösenord direkt och kontakta din ID06-administratör.
email-password-reset-done-subject = Ditt ID06-lösenord har återställts
email-password-reset-done-body =
    Ett nytt lösenord har satts för ditt ID06-konto med en återställningslänk. Du har loggats ut överallt.

    Om det inte var du: kontakta din ID06-administratör.
email-password-reset-link-subject = Återställ ditt ID06-lösenord
email-password-reset-link-body =
    Någon har bett om att återställa lösenordet till ditt ID06-konto.

    Nästa steg: välj ett nytt lösenord här:
    { $link }

    Länken fungerar en gång och upphör om { $minutes } minuter. Inloggning kräver fortfarande koden som skickas till din mobil. Om det inte var du kan du bortse från detta mejl.
email-phone-changed-subject = Ditt mobilnummer i ID06 har ändrats
email-phone-changed-body =
    Inloggningskoder för ditt ID06-konto skickas nu till { $phone }. Du har loggats ut överallt annars.

    Om det inte var du: återställ ditt lösenord direkt och kontakta din ID06-administratör.
email-card-shipped-subject = Ditt ID06-kort har skickats
email-card-shipped-body =
    Ditt ID06-kort från { $company } har tillverkats och skickats till adressen som { $company } valde.

    Transportör: { $carrier }
    Spårningsnummer: { $tracking }

    Nästa steg: när kortet har kommit, logga in och aktivera det genom att skriva in numret som står på kortet:
    { $link }
email-card-delivered-subject = Aktivera ditt ID06-kort
email-card-delivered-body =
    Ditt ID06-kort från { $company } har levererats.

    Nästa steg: logga in och aktivera det: skriv in kortnumret som står på kortet (BB-xxxx-xxxxxx). Du ser då din PIN-kod; du kan visa den igen senare genom att skriva in kortnumret igen.
    { $link }
email-identity-verified-create-account-subject = Din identitet är verifierad: skapa ditt ID06-konto
email-identity-verified-create-account-body =
    Din identitetshandling har kontrollerats och godkänts.

    Nästa steg: skapa ditt konto här. Du ombeds ange personnumret (eller handlingens nummer) precis som din arbetsgivare angav det i kortbeställningen:
    { $link }

    Länken fungerar en gång och upphör om { $days } dagar.
email-identity-verified-attached-subject = Din identitet är verifierad
email-identity-verified-attached-body =
    Din identitetshandling har kontrollerats och godkänts, och ditt ID06-konto bär nu den verifierade identiteten.

    Nästa steg: logga in och granska din kortbeställning:
    { $link }
email-identity-other-persons-account-subject = Din ID-kontroll kunde inte läggas till
email-identity-other-persons-account-body =
    En identitetshandling har kontrollerats för den här e-postadressen, men ditt ID06-konto är redan verifierat som en annan person, så kontrollen lades inte till. Om du inte har besökt en id-kontroll, eller om uppgifterna är fel, kontakta ID06:s support.
email-identity-not-verified-subject = Din ID-kontroll
email-identity-not-verified-body =
    { $outcome ->
        [yellow] Kontrollen av din identitetshandling gav inget säkert svar. Besök id-kontrollen igen med ett giltigt, oskadat pass eller nationellt id-kort.
       *[red] Din identitetshandling godkändes inte, så ett kort kan inte beställas på den. Kontakta id-kontrollen.
    }

    Orsak: { $reason }
email-data-erased-subject = Dina ID06-personuppgifter har raderats
email-data-erased-body =
    Ditt ID06-konto och personuppgifterna i det har raderats. Företagens beställningar behåller sin historik utan ditt namn.
email-data-erased-held-subject = Dina ID06-personuppgifter har raderats
email-data-erased-held-body =
    De personuppgifter som ingen lag eller giltigt kort behöver har raderats, och du har loggats ut. Detta sparas tills vidare och raderas enligt nedan:

    { $held }
erasure-held-card = Ditt ID06-kort gäller till { $until }: byggarbetsplatsernas personalliggare förlitar sig på det. Uppgifterna raderas när kortet upphör.
erasure-held-order = Beställningen pågår fortfarande ({ $status }): ett kort tillverkas åt dig. Avvisa den, eller be företaget att makulera den, så raderas den.
email-webhook-disabled-subject = En webhook-mottagare stängdes av
email-webhook-disabled-body =
    Leveranser till er webhook-mottagare { $url } ({ $id }) har misslyckats i tre dagar, så den har stängts av. Händelserna finns kvar: rätta mottagaren, aktivera den igen (PATCH med "enabled": true) och skicka om de misslyckade leveranserna.
sms-sign-in-code = Din inloggningskod för ID06 är { $code }. Den upphör om { $minutes } minuter. Dela den aldrig med någon.
sms-phone-change-code = Din ID06-kod är { $code }. Ange den för att göra detta till ditt inloggningsnummer. Den upphör om { $minutes } minuter.
sms-phone-changed = ID06: inloggningskoder skickas nu till { $phone }. Om det inte var du: återställ ditt lösenord och kontakta din ID06-administratör.

## Vem som läst en persons identitetsuppgifter, och vad (`GET /v1/me/data-access`)

data-reader-integrator = Ett HR-system
data-reader-card-producer = Kortproducenten
data-reader-identity-verifier = Id-kontrollanten
data-reader-operator = En operatör
data-reader-gone = Någon som sedan har slutat
data-read-order-identity-check = visade identitetskontrollen för din beställning
data-read-portrait = laddade ner ditt porträtt för att trycka ditt kort
data-read-identity-check = läste tillbaka kontrollen av din identitetshandling
data-read-security-log = läste säkerhetsloggen om ditt konto

## Ett företags lista, för en kortinnehavare vars personuppgifter har raderats

erased-person = Raderad person
