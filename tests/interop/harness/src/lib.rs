//! Interop tests of oauthsig against independent OAuth 1.0a implementations
//! (issue #6). See `tests/interop/README.md` for the whole picture.
//!
//! The library half holds what the tests share:
//!
//! * [`reference`](mod@reference): an allocation-based RFC 5849 model that
//!   shares no code with oauthsig, for the differential test
//!   (`tests/differential.rs`, against oauthlib's `oracle.py`);
//! * [`provider`]: oauthlib's reference provider (`provider.py`) as a child
//!   process, for the three-legged flow of oauthsig's client
//!   (`tests/provider_flow.rs`) and of its reqwest adapter
//!   (`tests/reqwest_flow.rs`);
//! * [`server`]: [`VerifierServer`](server::VerifierServer), oauthsig's
//!   `Verifier` behind a loopback HTTP/1.1 server, and [`clients`]: the peer
//!   client programs under test, for `tests/peer_clients.rs` (acceptance,
//!   replay, single-byte forgeries from [`tamper`], sent byte-exact by
//!   [`wire`]); [`axum_server`]: [`AxumServer`](axum_server::AxumServer),
//!   oauthsig's tower layer in an axum app, the second server those
//!   clients are sent to (both are a [`PeerServer`](server::PeerServer));
//! * [`ours`]: oauthsig's C ABI client and its `oauthsig` command behind
//!   curl, built from this checkout, and [`flow`]: the three-legged flow they
//!   run against `provider.py` (`tests/client_flows.rs`);
//! * [`lti`](mod@lti): the LTI 1.1 peers (PyPI `lti`, npm `ims-lti`) and a
//!   loopback LMS endpoint, for `tests/lti.rs`;
//! * [`peers`] (paths and fixture credentials) and [`process`] (child
//!   processes that never outlive their test).

#![forbid(unsafe_code)]

pub mod axum_server;
pub mod clients;
pub mod flow;
pub mod lti;
pub mod ours;
pub mod peers;
pub mod process;
pub mod provider;
pub mod reference;
pub mod server;
pub mod tamper;
pub mod wire;
