//! Signs the RFC 5849 §3.4.1.1 request without std, in the one call a
//! firmware makes (`sign::sign_to_slice`, the `Authorization` header into a
//! stack buffer), verifies that header as a server would (`verify::verify`:
//! every state-free check and the signature), writes the header to stdout
//! through libc, and exits 0 when the header is the known-good one, it
//! verifies, and the same header with one signature octet changed does not.
#![no_std]
#![no_main]

use oauthsig_core::verify::{self, Incoming, Policy};
use oauthsig_core::{
    Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, body::FORM_CONTENT_TYPE,
    sign,
};

#[link(name = "c")]
unsafe extern "C" {
    fn write(fd: i32, buf: *const u8, count: usize) -> isize;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

// The host's precompiled `core` references this symbol even with
// panic = "abort"; firmware toolchains provide the same empty stub.
#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {}

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";
const EXPECTED: &str = "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", \
    oauth_token=\"kkk9d7dh3k39sjv7\", oauth_signature_method=\"HMAC-SHA1\", \
    oauth_timestamp=\"137131201\", oauth_nonce=\"7d8f3e4a\", \
    oauth_signature=\"r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D\"";

fn print(text: &[u8]) {
    // SAFETY: `text` is a valid slice for the duration of the call.
    unsafe {
        write(1, text.as_ptr(), text.len());
    }
}

fn sign_and_verify() -> Result<bool, oauthsig_core::Error> {
    let request = HttpRequest::new("POST", URL).body(Body::Form(BODY));
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;
    let placement = Placement::Header {
        realm: Some("Example"),
    };
    let mut buf = [0u8; 512];
    let header = sign::sign_to_slice(&request, &protocol, &key, placement, &mut buf)?;
    print(header.as_bytes());
    print(b"\n");

    let incoming = Incoming::new("POST", URL)
        .authorization(header)
        .content_type(FORM_CONTENT_TYPE)
        .body(BODY.as_bytes());
    let methods = [SignatureMethod::HmacSha1];
    let policy = Policy::new(&methods).realm(Some("Example"));
    let verified = verify::verify(&incoming, &policy, &key, 137_131_250);
    print(if verified.is_ok() {
        b"verified\n"
    } else {
        b"rejected\n"
    });

    // The last escape of the signature, `%3D` ('='), becomes `%3C` ('<').
    let mut tampered = [0u8; 512];
    let copy = tampered
        .get_mut(..header.len())
        .ok_or(oauthsig_core::Error::BufferTooSmall {
            needed: header.len(),
        })?;
    copy.copy_from_slice(header.as_bytes());
    if let Some(d) = copy.len().checked_sub(2).and_then(|i| copy.get_mut(i)) {
        *d = b'C';
    }
    let tampered = core::str::from_utf8(copy).unwrap_or("");
    let forged = verify::verify(
        &incoming.authorization(tampered),
        &policy,
        &key,
        137_131_250,
    );
    Ok(header == EXPECTED && verified.is_ok() && forged.is_err())
}

#[unsafe(no_mangle)]
extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    match sign_and_verify() {
        Ok(true) => 0,
        _ => 1,
    }
}
