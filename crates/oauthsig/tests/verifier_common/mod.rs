//! A test client: builds requests with parameters in chosen locations and
//! signs them the way a client does (decoded values, sorted, encoded once by
//! oauthsig-core's writer), independently of the verifier's wire parsing.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oauthsig::verifier::{
    CredentialQuery, Credentials, IncomingRequest, LookupError, VerifiedRef, Verifier, VerifyError,
};
use oauthsig_core::encode::encode;
use oauthsig_core::{BaseString, BaseStringUri, Param, Params, SignatureMethod, SigningKey};

pub const NOW: u64 = 1_700_000_000;
pub const CONSUMER_KEY: &str = "dpf43f3p2l4k3l03";
pub const CONSUMER_SECRET: &str = "kd94hf93k423kf44";
pub const TOKEN: &str = "nnch734d00sl2jdk";
pub const TOKEN_SECRET: &str = "pfkkdhi9sl3r4s00";

/// Where a parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    Header,
    Query,
    Body,
}

/// A request to be signed.
#[derive(Clone, Debug)]
pub struct Draft {
    pub method: String,
    /// Scheme, authority and path (no query).
    pub base_url: String,
    /// `(location, name, value)` in wire order, values decoded.
    pub params: Vec<(Loc, String, String)>,
    pub realm: Option<String>,
    /// Where `oauth_signature` goes.
    pub signature_at: Loc,
    pub consumer_secret: String,
    pub token_secret: String,
    /// Defaults to form-encoded when there are body parameters.
    pub content_type: Option<String>,
    /// A raw (non-form) body; replaces body parameters.
    pub raw_body: Option<Vec<u8>>,
    /// Sign with this method instead of the `oauth_signature_method` value.
    pub sign_as: Option<SignatureMethod>,
    /// Send this signature instead of the computed one.
    pub signature_override: Option<String>,
}

/// A signed request on the wire, owning its parts.
#[derive(Clone, Debug)]
pub struct Wire {
    pub method: String,
    pub url: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Wire {
    pub fn request(&self) -> IncomingRequest<'_> {
        let mut r = IncomingRequest::new(&self.method, &self.url).body(&self.body);
        if let Some(a) = &self.authorization {
            r = r.authorization(a);
        }
        if let Some(c) = &self.content_type {
            r = r.content_type(c);
        }
        r
    }
}

impl Draft {
    /// A GET with token, HMAC-SHA1, protocol parameters in the header and
    /// one query parameter: valid at [`NOW`].
    pub fn hmac_sha1() -> Self {
        Self::with_method(SignatureMethod::HmacSha1)
    }

    pub fn with_method(method: SignatureMethod) -> Self {
        let mut d = Draft {
            method: "GET".into(),
            base_url: "http://photos.example.net/photos".into(),
            params: vec![(Loc::Query, "file".into(), "vacation.jpg".into())],
            realm: Some("Photos".into()),
            signature_at: Loc::Header,
            consumer_secret: CONSUMER_SECRET.into(),
            token_secret: TOKEN_SECRET.into(),
            content_type: None,
            raw_body: None,
            sign_as: None,
            signature_override: None,
        };
        d.set("oauth_consumer_key", CONSUMER_KEY)
            .set("oauth_token", TOKEN)
            .set("oauth_signature_method", method.as_str())
            .set("oauth_timestamp", &NOW.to_string())
            .set("oauth_nonce", "kllo9940pd9333jh")
            .set("oauth_version", "1.0");
        d
    }

    /// Sets (or adds) a protocol parameter in the signature's location.
    pub fn set(&mut self, name: &str, value: &str) -> &mut Self {
        match self.params.iter_mut().find(|(_, n, _)| n == name) {
            Some(p) => p.2 = value.into(),
            None => self
                .params
                .push((self.signature_at, name.into(), value.into())),
        }
        self
    }

    /// Adds a parameter at `loc` (even if the name exists).
    pub fn add(&mut self, loc: Loc, name: &str, value: &str) -> &mut Self {
        self.params.push((loc, name.into(), value.into()));
        self
    }

    pub fn remove(&mut self, name: &str) -> &mut Self {
        self.params.retain(|(_, n, _)| n != name);
        self
    }

    /// Moves every `oauth_*` parameter (and the signature) to `loc`.
    pub fn protocol_at(&mut self, loc: Loc) -> &mut Self {
        for p in &mut self.params {
            if p.1.starts_with("oauth_") {
                p.0 = loc;
            }
        }
        self.signature_at = loc;
        self
    }

    fn is_form(&self) -> bool {
        match &self.content_type {
            Some(ct) => ct.starts_with("application/x-www-form-urlencoded"),
            None => self.raw_body.is_none() && self.params.iter().any(|p| p.0 == Loc::Body),
        }
    }

    /// The base string a client signs.
    pub fn base_string(&self) -> String {
        let form = self.is_form();
        let signed: Vec<Param<'_>> = self
            .params
            .iter()
            .filter(|(loc, _, _)| *loc != Loc::Body || form)
            .map(|(_, n, v)| Param::raw(n, v))
            .collect();
        let mut slots = vec![Param::EMPTY; signed.len()];
        let mut params = Params::new(&mut slots[..]);
        for p in signed {
            params.push(p).unwrap();
        }
        params.sort();
        let uri = BaseStringUri::parse(&self.base_url).unwrap();
        BaseString::new(&self.method, &uri, params.as_slice())
            .unwrap()
            .to_string()
    }

    pub fn signature(&self) -> String {
        if let Some(s) = &self.signature_override {
            return s.clone();
        }
        let method = self.sign_as.unwrap_or_else(|| {
            self.params
                .iter()
                .find(|p| p.1 == "oauth_signature_method")
                .and_then(|p| p.2.parse().ok())
                .unwrap_or(SignatureMethod::HmacSha1)
        });
        let key = SigningKey::new(method, &self.consumer_secret, &self.token_secret).unwrap();
        key.sign_text(self.base_string().as_bytes())
            .unwrap()
            .as_str()
            .to_owned()
    }

    pub fn wire(&self) -> Wire {
        let signature = self.signature();
        let mut located: Vec<(Loc, String, String)> = self.params.clone();
        located.push((self.signature_at, "oauth_signature".into(), signature));
        let form_pairs = |loc: Loc| {
            located
                .iter()
                .filter(|p| p.0 == loc)
                .map(|(_, n, v)| format!("{}={}", encode(n), encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        };
        let query = form_pairs(Loc::Query);
        let url = if query.is_empty() {
            self.base_url.clone()
        } else {
            format!("{}?{query}", self.base_url)
        };
        let header_items: Vec<String> = self
            .realm
            .iter()
            .map(|r| format!("realm=\"{r}\""))
            .chain(
                located
                    .iter()
                    .filter(|p| p.0 == Loc::Header)
                    .map(|(_, n, v)| format!("{}=\"{}\"", encode(n), encode(v))),
            )
            .collect();
        let authorization = (!header_items.is_empty()
            && located.iter().any(|p| p.0 == Loc::Header))
        .then(|| format!("OAuth {}", header_items.join(", ")));
        let form = self.is_form();
        let body = match &self.raw_body {
            Some(b) => b.clone(),
            None => form_pairs(Loc::Body).into_bytes(),
        };
        let content_type = self
            .content_type
            .clone()
            .or_else(|| form.then(|| "application/x-www-form-urlencoded".to_owned()));
        Wire {
            method: self.method.clone(),
            url,
            authorization,
            content_type,
            body,
        }
    }
}

/// Knows one consumer and its one token.
pub fn lookup(q: &CredentialQuery<'_>) -> Result<Credentials<'static>, LookupError> {
    if q.consumer_key() != CONSUMER_KEY {
        return Err(LookupError::UnknownConsumer);
    }
    match q.token() {
        None => Ok(Credentials::secrets(CONSUMER_SECRET, "")),
        Some(TOKEN) => Ok(Credentials::secrets(CONSUMER_SECRET, TOKEN_SECRET)),
        Some(_) => Err(LookupError::UnknownToken),
    }
}

/// HMAC-SHA1 and HMAC-SHA256 allowed, clock at [`NOW`].
pub fn verifier() -> Verifier {
    Verifier::builder()
        .allow(SignatureMethod::HmacSha1)
        .allow(SignatureMethod::HmacSha256)
        .clock(|| NOW)
        .build()
        .unwrap()
}

/// `verify_borrowed` must decide exactly as `verify` did (same error, or the
/// same values), and its owned copy must be the owned result. `context`
/// names the request in a failure.
#[track_caller]
pub fn assert_same_outcome(
    owned: &Result<oauthsig::Verified, VerifyError>,
    borrowed: &Result<VerifiedRef<'_>, VerifyError>,
    context: &dyn std::fmt::Debug,
) {
    match (owned, borrowed) {
        (Err(a), Err(b)) => assert_eq!(a, b, "{context:?}"),
        (Ok(a), Ok(b)) => {
            for c in [a, &b.to_verified()] {
                assert_eq!(c.consumer_key(), b.consumer_key(), "{context:?}");
                assert_eq!(c.token(), b.token(), "{context:?}");
                assert_eq!(c.nonce(), b.nonce(), "{context:?}");
                assert_eq!(c.realm(), b.realm(), "{context:?}");
                assert_eq!(c.callback(), b.callback(), "{context:?}");
                assert_eq!(c.verifier(), b.verifier(), "{context:?}");
                assert_eq!(c.timestamp(), b.timestamp(), "{context:?}");
                assert_eq!(c.signature_method(), b.signature_method(), "{context:?}");
                let want: Vec<_> = c
                    .parameters()
                    .map(|p| {
                        (
                            p.name_bytes().to_vec(),
                            p.value_bytes().to_vec(),
                            p.source(),
                        )
                    })
                    .collect();
                let got: Vec<_> = b
                    .parameters()
                    .map(|p| {
                        (
                            p.name_bytes().into_owned(),
                            p.value_bytes().into_owned(),
                            p.source(),
                        )
                    })
                    .collect();
                assert_eq!(want, got, "{context:?}");
            }
        }
        (a, b) => panic!("verify gave {a:?}, verify_borrowed {b:?}; {context:?}"),
    }
}
