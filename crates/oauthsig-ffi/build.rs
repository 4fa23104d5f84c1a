//! Gives the shared library the SONAME it is installed under, so programs
//! linked with `-loauthsig` record `liboauthsig.so.0`, not the cargo name.
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liboauthsig.so.0");
}
