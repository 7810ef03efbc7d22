"""Schemathesis hooks for `make fuzz` (loaded through SCHEMATHESIS_HOOKS by scripts/fuzz.py).

An XLSX workbook is bytes no JSON Schema describes: the fuzzer draws either arbitrary bytes, a
zip that is no workbook, or the smallest real workbook (a zip with a sheet), so the import
operation is sent files it must refuse and a file it can read."""

import io
import zipfile

import schemathesis
from hypothesis import strategies as st

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows):
    """A minimal XLSX workbook whose first sheet holds `rows` as inline strings."""
    def cell(r, c, value):
        ref = f"{chr(ord('A') + c)}{r + 1}"
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    sheet_rows = "".join(
        f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


HEADER = ["Förnamn", "Efternamn", "Födelsedatum", "Nationalitet", "E-post", "Mobil", "Giltig till"]
ROW = ["Per", "Ek", "1970-01-01", "NO", "per.ek@example.se", "070-445 07 20", "2027-01-01"]

schemathesis.openapi.media_type(
    XLSX,
    st.one_of(
        st.binary(max_size=2048),
        st.just(b"PK\x03\x04" + b"\x00" * 26),
        st.just(_workbook([HEADER, ROW])),
        st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=8), max_size=4).map(_workbook),
    ),
)


# The file's bytes go as they are: an example from the schema (the template's text) or a drawn
# body (bytes, or text for CSV) is sent as the body itself.
schemathesis.serializer.alias(XLSX, "application/octet-stream")
schemathesis.serializer.alias("text/csv", "text/plain")
