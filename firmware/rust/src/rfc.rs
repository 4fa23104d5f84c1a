//! The RFC 5849 §3.4.1.1 request: signed with the one-call API and checked
//! byte for byte, verified with core's state-free verification, and signed
//! again with a nonce from a caller RNG and a timestamp from a caller clock.

use crate::out::Out;
use crate::stack;
#[cfg(feature = "verify")]
use oauthsig_core::verify;
use oauthsig_core::{
    Body, Error, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign,
};

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
/// The header RFC 5849 §3.5.1 and §3.4.1.1 give (without `oauth_version`).
const HEADER: &str = "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", \
    oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", \
    oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", \
    oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"";

/// Runs every check; prints each result and stack mark.
pub fn run(out: &mut Out) -> bool {
    let (key, key_stack) = stack::measure(prepare_key);
    out.value("stack_key", key_stack);
    let Ok(key) = key else {
        out.line("key FAILED");
        return false;
    };
    let mut buf = [0u8; 512];
    let (len, sign_stack) =
        stack::measure(|| sign_request(&key, "7d8f3e4a", "137131201", &mut buf));
    out.value("stack_sign", sign_stack);
    let header = len.ok().and_then(|n| buf.get(..n)).unwrap_or_default();
    let header_ok = header == HEADER.as_bytes();
    check(out, "header", header_ok);
    header_ok && verify(out, &key, header) && nonce(out, &key)
}

/// Prints `name ok` or `name FAILED`; returns `ok`.
fn check(out: &mut Out, name: &str, ok: bool) -> bool {
    out.put(name.as_bytes());
    out.line(if ok { " ok" } else { " FAILED" });
    ok
}

/// The key, prepared once (RFC 5849 §3.4.1.1's secrets).
#[inline(never)]
fn prepare_key() -> Result<SigningKey, Error> {
    SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")
}

/// One sign and header write, what a firmware does per request: the RFC
/// request with `nonce` and `timestamp`, its `Authorization` header into
/// `buf`. Returns the header's length.
#[inline(never)]
fn sign_request(
    key: &SigningKey,
    nonce: &str,
    timestamp: &str,
    buf: &mut [u8],
) -> Result<usize, Error> {
    let request = HttpRequest::new("POST", URL).body(Body::Form(BODY));
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp(timestamp)
        .nonce(nonce);
    let placement = Placement::Header {
        realm: Some("Example"),
    };
    sign::sign_to_slice(&request, &protocol, key, placement, buf).map(str::len)
}

#[cfg(not(feature = "verify"))]
fn verify(_: &mut Out, _: &SigningKey, _: &[u8]) -> bool {
    true
}

/// Verifies the signed header as a server would, and refuses it with one
/// signature octet changed.
#[cfg(feature = "verify")]
fn verify(out: &mut Out, key: &SigningKey, header: &[u8]) -> bool {
    let header = core::str::from_utf8(header).unwrap_or_default();
    let (verdict, verify_stack) = stack::measure(|| verify_request(key, header));
    out.value("stack_verify", verify_stack);
    let accepted = check(out, "verify", verdict.is_ok());
    // The signature's last escape, `%3D` ('='), becomes `%3C` ('<').
    let mut tampered = [0u8; 512];
    let Some(copy) = tampered.get_mut(..header.len()) else {
        return false;
    };
    copy.copy_from_slice(header.as_bytes());
    if let Some(last) = copy.iter_mut().rev().nth(1) {
        *last = b'C';
    }
    let tampered = core::str::from_utf8(copy).unwrap_or_default();
    let refused = verify_request(key, tampered).is_err();
    out.put(b"tampered");
    out.line(if refused { " refused" } else { " FAILED" });
    accepted && refused
}

/// `verify::verify` of the RFC request carrying `header`, at a time inside
/// the window.
#[cfg(feature = "verify")]
#[inline(never)]
fn verify_request(key: &SigningKey, header: &str) -> Result<verify::Verdict, verify::Failure> {
    let incoming = verify::Incoming::new("POST", URL)
        .authorization(header)
        .content_type(oauthsig_core::body::FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    let methods = [SignatureMethod::HmacSha1];
    let policy = verify::Policy::new(&methods).realm(Some("Example"));
    verify::verify(&incoming, &policy, key, 137_131_250)
}

#[cfg(not(feature = "nonce"))]
fn nonce(_: &mut Out, _: &SigningKey) -> bool {
    true
}

/// A nonce from a caller RNG and a timestamp from a caller clock, then the
/// request signed with both.
#[cfg(feature = "nonce")]
fn nonce(out: &mut Out, key: &SigningKey) -> bool {
    let mut rng = test_rng::TestRng::new();
    let mut drawn = [0u8; 16];
    let (len, nonce_stack) = stack::measure(|| test_rng::draw(&mut rng, &mut drawn));
    out.value("stack_nonce", nonce_stack);
    let nonce_ok = check(
        out,
        "nonce",
        len == drawn.len() && drawn == *test_rng::EXPECTED,
    );
    let nonce = core::str::from_utf8(&drawn).unwrap_or_default();
    let mut digits = [0u8; oauthsig_core::nonce::TIMESTAMP_LEN];
    // The caller's clock: the RFC's timestamp, as a count of seconds.
    let timestamp = oauthsig_core::nonce::timestamp(137_131_201, &mut digits);
    let mut buf = [0u8; 512];
    let header = sign_request(key, nonce, timestamp, &mut buf)
        .ok()
        .and_then(|n| buf.get(..n))
        .unwrap_or_default();
    // (A window search: `str::contains` would bring a panic path.)
    let want = b"oauth_timestamp=\"137131201\", oauth_nonce=\"wlmcpZQpkLVnO02O\"";
    let found = header.windows(want.len()).any(|w| w == want);
    nonce_ok && check(out, "nonce_signed", found)
}

#[cfg(feature = "nonce")]
mod test_rng {
    use oauthsig_core::nonce::{self, rand_core};

    /// What the generator below gives for 16 characters (the same sampling
    /// run on the host gives the same text).
    pub const EXPECTED: &[u8; 16] = b"wlmcpZQpkLVnO02O";

    /// A deterministic generator: xorshift32 (Marsaglia), seeded with a
    /// constant. NOT random and NOT a CSPRNG: it stands in for the
    /// hardware RNG a real firmware passes, so that the nonce is known.
    pub struct TestRng(u32);

    impl TestRng {
        pub fn new() -> Self {
            TestRng(0x2545_F491)
        }

        fn step(&mut self) -> u32 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            self.0 = x;
            x
        }
    }

    impl rand_core::TryRng for TestRng {
        type Error = core::convert::Infallible;

        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(self.step())
        }

        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok((u64::from(self.step()) << 32) | u64::from(self.step()))
        }

        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            dst.iter_mut().for_each(|b| *b = self.step() as u8);
            Ok(())
        }
    }

    // Only so the test goes through the real, CryptoRng-bound path.
    impl rand_core::TryCryptoRng for TestRng {}

    /// One nonce of `buf.len()` characters; its length.
    #[inline(never)]
    pub fn draw(rng: &mut TestRng, buf: &mut [u8]) -> usize {
        let Ok(nonce) = nonce::fill_nonce(rng, buf);
        nonce.len()
    }
}
