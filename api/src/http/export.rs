//! Downloads of a whole list as a spreadsheet, streamed: the list's own use case is asked for
//! one page after another (each page checks the caller again, so a revoked session stops the
//! download), each page's rows go out as they are written, and a bounded channel holds the
//! writer back while the client reads slowly. A CSV leaves row by row; an XLSX is written in
//! constant memory (its rows wait in a temporary file) and streamed as it is zipped. Memory
//! stays bounded whatever the number of rows.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::web::Bytes;
use actix_web::HttpResponse;
use domain::Language;
use tokio::sync::mpsc;

use app::spreadsheet::write::{CsvWriter, Separator, XlsxWriter};
use app::spreadsheet::Format;
use app::AppError;

/// Rows per page asked of the list's use case.
pub const PAGE: u32 = 1000;
/// Bytes gathered before they are sent as one chunk.
const CHUNK: usize = 64 * 1024;
/// Chunks that may wait for the client.
const IN_FLIGHT: usize = 8;

/// One page of rows, each a list of cells; `None` once the list is exhausted.
pub type Page = Option<Vec<Vec<String>>>;

/// Streams `header` and the pages `next_page` gives as `format`; the first page was read before
/// (so a refusal is an answer, not a broken download).
pub fn stream(
    format: Format,
    separator: Separator,
    filename: &str,
    header: Vec<String>,
    first: Vec<Vec<String>>,
    mut next_page: impl FnMut() -> Result<Page, AppError> + Send + 'static,
) -> HttpResponse {
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter::new(tx.clone());
        let written = match format {
            Format::Csv => write_csv(&mut out, separator, &header, first, &mut next_page),
            Format::Xlsx => write_xlsx(&mut out, &header, first, &mut next_page),
        };
        match written.and_then(|()| out.flush()) {
            Ok(()) => {}
            // The client went away, or a page could not be read: the download ends broken
            // (no final chunk), never as a file that looks complete.
            Err(e) => {
                tracing::warn!(error = %e, "export ended early");
                let _ = tx.blocking_send(Err(e));
            }
        }
    });
    crate::http::spreadsheet::download(format, filename).streaming(Chunks(rx))
}

fn page_error(e: AppError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

fn write_csv(
    out: &mut ChannelWriter,
    separator: Separator,
    header: &[String],
    first: Vec<Vec<String>>,
    next_page: &mut impl FnMut() -> Result<Page, AppError>,
) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out, separator)?;
    w.row(header.iter().map(String::as_str))?;
    let mut page = Some(first);
    while let Some(rows) = page {
        for row in &rows {
            w.row(row.iter().map(String::as_str))?;
        }
        w.flush()?;
        page = next_page().map_err(page_error)?;
    }
    w.flush()
}

fn write_xlsx(
    out: &mut ChannelWriter,
    header: &[String],
    first: Vec<Vec<String>>,
    next_page: &mut impl FnMut() -> Result<Page, AppError>,
) -> std::io::Result<()> {
    let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut w = XlsxWriter::new("Export", None).map_err(xlsx)?;
    w.header(header.iter().map(String::as_str)).map_err(xlsx)?;
    let mut page = Some(first);
    while let Some(rows) = page {
        for row in &rows {
            w.row(row.iter().map(String::as_str)).map_err(xlsx)?;
        }
        page = next_page().map_err(page_error)?;
    }
    w.finish(out).map_err(xlsx)
}

/// Bytes written on a blocking thread, sent to the response in chunks; a send waits while the
/// channel is full (the client reads slowly) and fails once the client is gone.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn new(tx: mpsc::Sender<Result<Bytes, std::io::Error>>) -> Self {
        Self {
            tx,
            buf: Vec::with_capacity(CHUNK),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The response body: the chunks as they come.
struct Chunks(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The headers of an export, in `lang` (`export-<list>-<column>`).
pub fn header(lang: Language, list: &str, columns: &[&str]) -> Vec<String> {
    columns
        .iter()
        .map(|c| app::texts::text(lang, &format!("export-{list}-{c}")))
        .collect()
}
