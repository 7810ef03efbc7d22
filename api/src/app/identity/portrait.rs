//! The portrait from the document (since 2026 the card photo comes from the document): a JPEG or
//! PNG, bounded in size, whose bytes are what they claim to be and decode whole, with the
//! dimensions of a portrait. Decoded with the `image` crate under allocation limits.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use crate::app::error::FieldError;

/// Largest portrait accepted, in bytes (decoded from base64).
pub const MAX_BYTES: usize = 512 * 1024;
pub const MIN_WIDTH: u32 = 240;
pub const MIN_HEIGHT: u32 = 320;
pub const MAX_SIDE: u32 = 4000;

/// The two formats accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortraitType {
    Jpeg,
    Png,
}

impl PortraitType {
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
        }
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

fn refuse(code: &str, message: String) -> FieldError {
    FieldError::new("portrait", code, message)
}

/// Checks `bytes` declared as `declared`.
pub fn check(bytes: Vec<u8>, declared: PortraitType) -> Result<Portrait, FieldError> {
    if bytes.len() > MAX_BYTES {
        return Err(refuse(
            "portrait_too_large",
            format!("is {} bytes; at most {MAX_BYTES} are accepted", bytes.len()),
        ));
    }
    // The bytes decide what the file is, not its label: a disguised file is refused.
    match image::guess_format(&bytes) {
        Ok(f) if f == declared.format() => {}
        Ok(_) | Err(_) => {
            return Err(refuse(
                "portrait_type_mismatch",
                format!("is not a {} file", declared.media_type()),
            ))
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), declared.format());
    reader.limits(limits);
    let image = reader.decode().map_err(|e| {
        refuse(
            "portrait_corrupt",
            format!("does not decode as an image: {e}"),
        )
    })?;
    let (width, height) = (image.width(), image.height());
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(refuse(
            "portrait_too_small",
            format!("is {width}×{height}; at least {MIN_WIDTH}×{MIN_HEIGHT} pixels are needed to print it"),
        ));
    }
    if height < width {
        return Err(refuse(
            "portrait_orientation",
            format!("is {width}×{height}: a portrait is taller than it is wide"),
        ));
    }
    Ok(Portrait {
        bytes,
        kind: declared,
        width,
        height,
    })
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
