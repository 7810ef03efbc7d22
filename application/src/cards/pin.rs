//! A card's PIN: made when the card is activated, sealed in the vault (bound to the card).

/// Digits in a PIN.
pub const PIN_DIGITS: usize = 6;

/// A new PIN: `PIN_DIGITS` uniform digits from the thread's CSPRNG (ChaCha, seeded and reseeded
/// from the operating system).
pub fn new_pin() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..PIN_DIGITS)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pins_are_digits() {
        for _ in 0..100 {
            let pin = super::new_pin();
            assert_eq!(pin.len(), super::PIN_DIGITS);
            assert!(pin.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
