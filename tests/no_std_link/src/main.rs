//! Signs the RFC 5849 §3.4.1.1 request without std and exits 0 when the
//! signature is the known-good value, writing it to stdout through libc.
#![no_std]
#![no_main]

use oauthsig_core::{
    BaseString, BaseStringUri, ParamArray, Protocol, SignatureMethod, SigningKey, Source,
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

fn sign() -> Result<bool, oauthsig_core::Error> {
    let url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    let proto = Protocol::new("9djdj82h48djs9d2", SignatureMethod::HmacSha1)
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce("7d8f3e4a");
    let mut params = ParamArray::<16>::array();
    params.extend_query(url)?;
    params.extend_form("c2&a3=2+q", Source::Body)?;
    params.extend_protocol(&proto)?;
    params.sort();
    let uri = BaseStringUri::parse(url)?;
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9")?;
    let sig = key.sign(&BaseString::new("POST", &uri, params.as_slice())?);
    let text = sig.as_str().as_bytes();
    // SAFETY: `text` is a valid slice for the duration of the call.
    unsafe {
        write(1, text.as_ptr(), text.len());
        write(1, b"\n".as_ptr(), 1);
    }
    Ok(sig.as_str() == "r6/TJjbCOr97/+UU0NsvSne7s5g=")
}

#[unsafe(no_mangle)]
extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    match sign() {
        Ok(true) => 0,
        _ => 1,
    }
}
