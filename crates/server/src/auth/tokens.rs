//! Random secrets handed to clients (access and refresh tokens, one-time codes, voucher and
//! member codes) and the hashes stored in their place.
//!
//! Only a SHA-256 of a token is stored: the tokens carry 256 bits of randomness, so a plain
//! fast hash is enough to make a leaked table useless, and lookups stay one indexed read.

use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Crockford base32: unambiguous when read aloud or typed from an email.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A 256-bit random token, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `len` random Crockford base32 characters (5 bits each).
pub fn new_code(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CROCKFORD[rng.random_range(0..32)] as char)
        .collect()
}

/// What is stored for a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Normalises a code typed by a person (case, spaces, dashes, look-alikes) before hashing.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn typed_codes_are_normalised() {
        let code = new_code(10);
        assert_eq!(code.len(), 10);
        assert!(code.bytes().all(|b| CROCKFORD.contains(&b)));
        assert_eq!(normalize_code(" ab1o-il2 "), "AB1011 2".replace(' ', ""));
    }
}
