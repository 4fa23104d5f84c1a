//! The C ABI of oauthsig: `liboauthsig.so` / `liboauthsig.a` with the
//! generated header `include/oauthsig.h`.
//!
//! This crate holds no OAuth logic: only pointers, lengths, result codes and
//! ownership. Every exported function is declared in `boundary`, the only
//! module with `unsafe` code: it runs the body inside the panic boundary,
//! turns the raw arguments into typed views under the function's contract,
//! and calls the safe body in the topic module.
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]
// C inputs are (ptr, len) pairs, so argument lists are long by nature.
#![allow(clippy::too_many_arguments)]

mod boundary;
mod credentials;
mod keys;
mod oneshot;
mod profile;
mod request;
mod result;
mod util;
mod verifier;

pub use boundary::*;
pub use credentials::{oauthsig_consumer, oauthsig_token, oauthsig_token_field};
pub use keys::{oauthsig_rsa_private_key, oauthsig_rsa_public_key};
pub use oneshot::{
    oauthsig_body_kind, oauthsig_placement, oauthsig_sign_input, oauthsig_sign_request,
    oauthsig_str,
};
pub use profile::{oauthsig_profile, oauthsig_profile_id};
pub use request::{
    oauthsig_body_hash, oauthsig_output, oauthsig_param_location, oauthsig_protocol_param,
    oauthsig_request, oauthsig_signature_method, oauthsig_signing_key,
};
pub use result::{InvalidValue, oauthsig_result};
pub use verifier::{
    oauthsig_lookup_answer, oauthsig_lookup_status, oauthsig_verified, oauthsig_verified_field,
    oauthsig_verifier, oauthsig_verifier_builder,
};
