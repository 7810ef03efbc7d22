/// Luhn (mod 10) check over ASCII digits, weights 2,1,2,1,... from the left for an
/// even-length body, i.e. the last digit is the check digit.
pub(crate) fn is_valid(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn known_numbers() {
        assert!(is_valid(b"5565479770"));
        assert!(is_valid(b"5560360793"));
        assert!(is_valid(b"8112189876"));
        assert!(!is_valid(b"5565479771"));
        assert!(!is_valid(b""));
    }
}
