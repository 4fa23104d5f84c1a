//! Differential testing of `oauthsig-core` against oauthlib 4.0.1 (issue #6).
//!
//! The library half holds [`reference`](mod@reference), an allocation-based RFC 5849 model
//! that shares no code with either implementation under test. The test itself
//! is `tests/differential.rs`: a seeded request generator, one batch run of
//! `tests/interop/oracle.py`, and the list of places where oauthlib is known
//! to deviate from the RFC. See `tests/interop/README.md`.

#![forbid(unsafe_code)]

pub mod reference;
