"""Schemathesis hooks for `make fuzz` (loaded through SCHEMATHESIS_HOOKS by scripts/fuzz.py).

An import's body is a file (`type: string, format: binary` under `text/csv` and the XLSX media
type): its bytes go as they are, whether drawn by the fuzzer or the schema's example (the
template's text). A custom media-type strategy is not registered: Schemathesis then refuses the
example, which is text, for the media type."""

import schemathesis

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

schemathesis.serializer.alias(XLSX, "application/octet-stream")
schemathesis.serializer.alias("text/csv", "text/plain")
