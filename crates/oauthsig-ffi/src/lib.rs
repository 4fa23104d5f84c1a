//! The C ABI of oauthsig: `liboauthsig.so` / `liboauthsig.a` with the
//! generated header `include/oauthsig.h`.
//!
//! This crate holds no OAuth logic: only pointers, lengths, result codes and
//! ownership. All `unsafe` conversions live in `boundary`; every exported
//! function runs its body inside the panic boundary there.
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]
// C inputs are (ptr, len) pairs, so argument lists are long by nature.
#![allow(clippy::too_many_arguments)]

mod boundary;
mod credentials;
mod oneshot;
mod request;
mod result;
mod util;
mod verifier;
mod version;

pub use credentials::*;
pub use oneshot::*;
pub use request::*;
pub use result::{InvalidValue, oauthsig_result, oauthsig_result_str};
pub use util::*;
pub use verifier::*;
pub use version::{oauthsig_last_error_message, oauthsig_version};
