//! The portrait from the document (since 2026 the card photo comes from the document): a JPEG or
//! PNG, bounded in size, whose bytes are what they claim to be and decode whole, with the
//! dimensions of a portrait. PNG is decoded with the `image` crate under allocation limits, JPEG
//! with `zune-jpeg` in strict mode (the lenient decoder pads a cut-off file with grey). What is
//! stored is re-encoded from the decoded pixels: trailing bytes, metadata and whatever else a
//! polyglot carries never reach the card producer.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageFormat, ImageReader, Limits, RgbImage};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::error::FieldError;
use crate::texts::Text;

/// Largest portrait accepted, in bytes (decoded from base64).
pub const MAX_BYTES: usize = 512 * 1024;
pub const MIN_WIDTH: u32 = 240;
pub const MIN_HEIGHT: u32 = 320;
pub const MAX_SIDE: u32 = 4000;

/// The two formats accepted.
pub use domain::PortraitType;

fn format(t: PortraitType) -> ImageFormat {
    match t {
        PortraitType::Jpeg => ImageFormat::Jpeg,
        PortraitType::Png => ImageFormat::Png,
    }
}

/// A portrait that passed every check.
#[derive(Debug, Clone)]
pub struct Portrait {
    pub bytes: Vec<u8>,
    pub kind: PortraitType,
    pub width: u32,
    pub height: u32,
}

fn refuse(code: &'static str, args: &[(&'static str, String)]) -> FieldError {
    let text = args
        .iter()
        .fold(Text::new(code), |t, (k, v)| t.with(k, v.as_str()));
    FieldError::new("portrait", code.trim_start_matches("field-"), text)
}

/// Checks `bytes` declared as `declared`.
pub fn check(bytes: Vec<u8>, declared: PortraitType) -> Result<Portrait, FieldError> {
    if bytes.len() > MAX_BYTES {
        return Err(refuse(
            "field-portrait_too_large",
            &[
                ("size", bytes.len().to_string()),
                ("max", MAX_BYTES.to_string()),
            ],
        ));
    }
    // The bytes decide what the file is, not its label: a disguised file is refused.
    match image::guess_format(&bytes) {
        Ok(f) if f == format(declared) => {}
        Ok(_) | Err(_) => {
            return Err(refuse(
                "field-portrait_type_mismatch",
                &[("type", declared.as_str().to_owned())],
            ))
        }
    }
    let image = decode(&bytes, declared)?;
    let (width, height) = (image.width(), image.height());
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(refuse(
            "field-portrait_too_small",
            &[
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("min_width", MIN_WIDTH.to_string()),
                ("min_height", MIN_HEIGHT.to_string()),
            ],
        ));
    }
    if height < width {
        return Err(refuse(
            "field-portrait_orientation",
            &[("width", width.to_string()), ("height", height.to_string())],
        ));
    }
    Ok(Portrait {
        bytes: reencode(&image, declared)?,
        kind: declared,
        width,
        height,
    })
}

fn corrupt(e: impl std::fmt::Display) -> FieldError {
    refuse("field-portrait_corrupt", &[("reason", e.to_string())])
}

/// Decodes the whole file, or refuses it: a file cut short or with broken data is corrupt.
fn decode(bytes: &[u8], declared: PortraitType) -> Result<DynamicImage, FieldError> {
    match declared {
        PortraitType::Jpeg => {
            let options = DecoderOptions::default()
                .set_strict_mode(true)
                .set_max_width(MAX_SIDE as usize)
                .set_max_height(MAX_SIDE as usize)
                .jpeg_set_out_colorspace(ColorSpace::RGB);
            let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
            let pixels = decoder.decode().map_err(|e| corrupt(format!("{e:?}")))?;
            if !ends_with_eoi(bytes) {
                return Err(corrupt("the file ends before its end-of-image marker"));
            }
            let info = decoder.info().ok_or_else(|| corrupt("no frame header"))?;
            RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels)
                .map(DynamicImage::ImageRgb8)
                .ok_or_else(|| corrupt("fewer pixels than its size"))
        }
        PortraitType::Png => {
            let mut limits = Limits::default();
            limits.max_image_width = Some(MAX_SIDE);
            limits.max_image_height = Some(MAX_SIDE);
            limits.max_alloc = Some(64 * 1024 * 1024);
            let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Png);
            reader.limits(limits);
            reader.decode().map_err(corrupt)
        }
    }
}

/// Whether the JPEG's segments run whole up to the end-of-image marker (ITU-T T.81 B.1): the
/// strict decoder stops once it has the pixels it needs, so a file missing only its tail passes it.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let mut at = 2; // after SOI, which guess_format has seen
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(&[hi, lo]) = bytes.get(at..at + 2) else {
            return false;
        };
        at += usize::from(u16::from_be_bytes([hi, lo]));
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is neither a stuffed zero nor a restart.
            loop {
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(0xFF), Some(0x00 | 0xD0..=0xD7)) => at += 2,
                    (Some(0xFF), Some(_)) => break,
                    (Some(_), _) => at += 1,
                    (None, _) => return false,
                }
            }
        }
    }
}

/// The stored file: the pixels written again in the declared format, nothing else carried over.
fn reencode(image: &DynamicImage, kind: PortraitType) -> Result<Vec<u8>, FieldError> {
    let mut out = Vec::new();
    let written = match kind {
        PortraitType::Jpeg => DynamicImage::ImageRgb8(image.to_rgb8())
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 92)),
        PortraitType::Png => image.write_with_encoder(PngEncoder::new(&mut out)),
    };
    written.map_err(corrupt)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image of `w`×`h` encoded as `format`.
    pub fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, format)
            .unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    fn code(r: Result<Portrait, FieldError>) -> String {
        r.map(|_| "ok".to_owned()).unwrap_or_else(|e| e.code)
    }

    #[test]
    fn a_real_portrait_passes() {
        let p = check(encoded(300, 400, ImageFormat::Jpeg), PortraitType::Jpeg);
        assert_eq!(
            p.as_ref().map(|p| (p.width, p.height)).ok(),
            Some((300, 400))
        );
        assert_eq!(
            code(check(
                encoded(300, 400, ImageFormat::Png),
                PortraitType::Png
            )),
            "ok"
        );
    }

    #[test]
    fn a_cut_off_or_broken_jpeg_is_refused() {
        let whole = encoded(300, 400, ImageFormat::Jpeg);
        for cut in [whole.len() / 2, whole.len() - 2] {
            let mut part = whole.clone();
            part.truncate(cut);
            assert_eq!(
                code(check(part, PortraitType::Jpeg)),
                "portrait_corrupt",
                "cut at {cut}"
            );
        }
        // Scan data overwritten by a marker that does not belong in it.
        let mut broken = whole.clone();
        let middle = broken.len() / 2;
        broken[middle..middle + 2].copy_from_slice(&[0xFF, 0xC4]);
        assert_eq!(code(check(broken, PortraitType::Jpeg)), "portrait_corrupt");
    }

    #[test]
    fn what_is_stored_is_the_pixels_written_again() {
        for (format, kind) in [
            (ImageFormat::Jpeg, PortraitType::Jpeg),
            (ImageFormat::Png, PortraitType::Png),
        ] {
            let mut polyglot = encoded(300, 400, format);
            polyglot.extend_from_slice(b"<script>alert(1)</script>PK\x03\x04");
            let stored = check(polyglot, kind).map(|p| p.bytes).unwrap_or_default();
            assert!(!stored.is_empty(), "{kind:?} accepted");
            assert!(
                !stored.windows(8).any(|w| w == b"<script>"),
                "{kind:?}: trailing bytes were kept"
            );
            assert_eq!(image::guess_format(&stored).ok(), Some(format));
        }
        // Metadata (an APP1 segment with a comment after the SOI) is not carried over.
        let plain = encoded(300, 400, ImageFormat::Jpeg);
        let mut tagged = plain[..2].to_vec();
        let exif = b"Exif\0\0GPS 59.3293N 18.0686E";
        tagged.extend_from_slice(&[0xFF, 0xE1, 0, (exif.len() + 2) as u8]);
        tagged.extend_from_slice(exif);
        tagged.extend_from_slice(&plain[2..]);
        let stored = check(tagged, PortraitType::Jpeg)
            .map(|p| p.bytes)
            .unwrap_or_default();
        assert!(!stored.is_empty());
        assert!(!stored.windows(3).any(|w| w == b"GPS"), "metadata kept");
    }

    #[test]
    fn disguised_corrupt_small_and_sideways_files_are_refused() {
        assert_eq!(
            code(check(
                encoded(300, 400, ImageFormat::Png),
                PortraitType::Jpeg
            )),
            "portrait_type_mismatch"
        );
        assert_eq!(
            code(check(b"GIF89a not an image".to_vec(), PortraitType::Jpeg)),
            "portrait_type_mismatch"
        );
        let mut cut = encoded(300, 400, ImageFormat::Png);
        cut.truncate(cut.len() / 2);
        assert_eq!(code(check(cut, PortraitType::Png)), "portrait_corrupt");
        assert_eq!(
            code(check(
                encoded(100, 120, ImageFormat::Png),
                PortraitType::Png
            )),
            "portrait_too_small"
        );
        assert_eq!(
            code(check(
                encoded(500, 400, ImageFormat::Png),
                PortraitType::Png
            )),
            "portrait_orientation"
        );
        assert_eq!(
            code(check(vec![0; MAX_BYTES + 1], PortraitType::Png)),
            "portrait_too_large"
        );
    }
}
