//! Spreadsheets over HTTP: which format a download is in (`?format=` first, then `Accept`:
//! `text/csv` or the XLSX media type; CSV when either will do), a file as the answer, and the
//! format of an upload (its `Content-Type`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};

use app::spreadsheet::Format;

use crate::http::problem::{ApiError, ApiResult};

/// The media types a download can be asked for by, for the `Accept` check of the middleware.
pub fn accepts_a_spreadsheet(accept: &str) -> bool {
    ranges(accept).any(|(media, _)| of_range(&media).is_some())
}

/// The ranges of an `Accept` header that are not refused (`q=0`), each with its weight.
fn ranges(accept: &str) -> impl Iterator<Item = (String, f32)> + '_ {
    accept.split(',').filter_map(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").map(str::to_owned))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        (q > 0.0).then_some((media, q))
    })
}

/// The format a range asks for (`*/*` and `text/*`: CSV).
fn of_range(media: &str) -> Option<Format> {
    match media {
        "*/*" | "text/*" | "" => Some(Format::Csv),
        m => Format::of_media_type(m),
    }
}

/// The format of a download: `?format=` if given, else the most wanted of `Accept`.
pub fn chosen(req: &HttpRequest, asked: Option<Format>) -> ApiResult<Format> {
    if let Some(f) = asked {
        return Ok(f);
    }
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(Format::Csv);
    };
    let mut best: Option<(f32, Format)> = None;
    for (media, q) in ranges(accept) {
        if let Some(f) = of_range(&media) {
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, f));
            }
        }
    }
    best.map(|(_, f)| f).ok_or(ApiError::NotAcceptable)
}

/// A file to download as `name` (its extension added).
pub fn file(format: Format, name: &str, bytes: Vec<u8>) -> HttpResponse {
    download(format, name).body(bytes)
}

/// The answer's head for a file of `format` to save as `name` (not to be cached: it is the
/// caller's data).
pub fn download(format: Format, name: &str) -> HttpResponseBuilder {
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8".to_owned(),
        Format::Xlsx => format.media_type().to_owned(),
    };
    let mut r = HttpResponse::Ok();
    r.insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{}\"", format.as_str()),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    r
}

/// The format of an upload, by its `Content-Type` (415 for anything else).
pub fn uploaded(req: &HttpRequest) -> ApiResult<Format> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::of_media_type)
        .ok_or(ApiError::UnsupportedMediaType {
            expected:
                "text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
}
