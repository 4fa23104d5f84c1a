//! `Verifier::verify_borrowed` allocates nothing of its own: a global
//! allocator counts every allocation while prepared-key requests are
//! verified (a store that allocates nothing stands in for the nonce store,
//! whose table grows as it must). `Verifier::verify` makes one, its text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::nonce_store::{NonceKey, NonceStatus, NonceStore, NonceStoreError};
use oauthsig::verifier::{
    CredentialLookup, CredentialQuery, Credentials, IncomingRequest, LookupError, Verifier,
};
use oauthsig_bench_support::{Counting, thread_allocations};
use oauthsig_core::{Body, HttpRequest, Placement, Protocol, SignatureMethod, SigningKey, sign};

// The count is process-wide, so this binary holds a single test.
#[global_allocator]
static GLOBAL: Counting = Counting;

const URL: &str = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
const BODY: &str = "c2&a3=2+q";

struct NoStore;

impl NonceStore for NoStore {
    fn check(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
    fn record(&self, _: &NonceKey<'_>, _: u64) -> Result<NonceStatus, NonceStoreError> {
        Ok(NonceStatus::Fresh)
    }
}

struct Prepared(SigningKey);

impl CredentialLookup for Prepared {
    fn credentials(&self, q: &CredentialQuery<'_>) -> Result<Credentials<'_>, LookupError> {
        match (q.consumer_key(), q.token()) {
            ("9djdj82h48djs9d2", Some("kkk9d7dh3k39sjv7")) => Ok(Credentials::prepared(&self.0)),
            _ => Err(LookupError::UnknownConsumer),
        }
    }
}

fn header(key: &SigningKey, nonce: &str) -> String {
    let request = HttpRequest::new("POST", URL).body(Body::Form(BODY));
    let protocol = Protocol::new("9djdj82h48djs9d2")
        .token("kkk9d7dh3k39sjv7")
        .timestamp("137131201")
        .nonce(nonce);
    sign::sign(&request, &protocol, key)
        .unwrap()
        .output(Placement::Header {
            realm: Some("Example"),
        })
        .unwrap()
        .to_string()
}

#[test]
fn verify_borrowed_allocates_nothing() {
    let key = SigningKey::new(SignatureMethod::HmacSha1, "j49sk3j29djd", "dh893hdasih9").unwrap();
    let lookup = Prepared(key.clone());
    let verifier = Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .clock(|| 137_131_201)
        .nonce_store(NoStore)
        .build()
        .unwrap();
    let headers: Vec<String> = (0..8).map(|i| header(&key, &format!("nonce{i}"))).collect();
    let requests: Vec<IncomingRequest<'_>> = headers
        .iter()
        .map(|h| {
            IncomingRequest::new("POST", URL)
                .authorization(h)
                .content_type("application/x-www-form-urlencoded")
                .body(BODY.as_bytes())
        })
        .collect();

    let before = thread_allocations();
    for r in &requests {
        let ok = verifier.verify_borrowed(r, &lookup).unwrap();
        assert_eq!(ok.consumer_key(), "9djdj82h48djs9d2");
        assert_eq!(ok.nonce().map(|n| n.len()), Some(6));
        // Reading a parameter without escapes borrows it: still nothing.
        assert_eq!(ok.parameter("a3").unwrap().as_deref(), Some("a"));
    }
    assert_eq!(
        thread_allocations() - before,
        0,
        "verify_borrowed allocated"
    );

    let before = thread_allocations();
    for r in &requests {
        verifier.verify(r, &lookup).unwrap();
    }
    assert_eq!(
        thread_allocations() - before,
        requests.len(),
        "verify: one per request"
    );
}
