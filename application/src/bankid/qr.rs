//! BankID's animated QR code: `bankid.{qrStartToken}.{seconds}.{qrAuthCode}`, where `seconds`
//! counts whole seconds since BankID answered `/auth` and `qrAuthCode` is the hex HMAC-SHA256 of
//! those seconds (ASCII decimal) under `qrStartSecret`. A fresh string each second; the secret
//! stays on the server, only the strings go to the client.

/// The QR code's content `seconds` after the order started.
pub fn qr_data(start_token: &str, start_secret: &str, seconds: u64) -> String {
    let time = seconds.to_string();
    let code = crate::hmac::hex_sha256(start_secret.as_bytes(), &[time.as_bytes()]);
    format!("bankid.{start_token}.{time}.{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BankID's published example token and secret.
    const TOKEN: &str = "67df3917-fa0d-44e5-b327-edcc928297f8";
    const SECRET: &str = "d28db9a7-4cde-429e-a983-359be676944c";

    #[test]
    fn matches_the_documented_test_vectors() {
        assert_eq!(
            qr_data(TOKEN, SECRET, 0),
            "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8"
        );
        assert_eq!(
            qr_data(TOKEN, SECRET, 1),
            "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2"
        );
    }
}
