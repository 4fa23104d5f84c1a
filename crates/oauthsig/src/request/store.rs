//! A request's text in one string: method, URL and form body, and the
//! parameters it carries beside them (set in code, or received in the
//! `Authorization` header) in the order given — no `String` per parameter.

use super::parameter::Parameter;
use oauthsig_core::{Param, Part, ProtocolParam, Source, Spelling, Text};

/// Where a piece of text is: in the store's string, or a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// `text[start..start + len]`.
    Span { start: usize, len: usize },
    /// A name or value this crate writes (`oauth_signature_method`, …).
    Static(&'static str),
    /// The text of `Growing`, in its own string.
    Grown(Growing),
}

/// A text that grows at its end, one pair at a time: the URL by its query,
/// the form body. Once grown it has a string of its own and grows in place,
/// so adding n pairs costs their length, not n copies of the whole text
/// (issue 21, point 15: 40k query parameters took 0.41 s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Growing {
    /// The URL; its fragment stays last (RFC 3986 §3).
    Url,
    /// The form body.
    Form,
}

/// One parameter.
#[derive(Clone, Copy, Debug)]
struct Entry {
    name: Piece,
    value: Piece,
    /// How the name and value are spelled: raw text set in code, or the
    /// percent-encoded wire text of a received header (kept as received,
    /// so octets that are not UTF-8 need no decoding to be kept).
    spelling: Spelling,
    source: Source,
    /// What the decoded name is to the protocol, found once when the
    /// entry is made: `None` for a name that is not `oauth_*` (§3.1).
    kind: Option<ProtocolParam>,
}

/// The request's text, and its own parameters in order.
#[derive(Clone, Debug, Default)]
pub(super) struct Store {
    text: String,
    entries: Vec<Entry>,
    /// The grown URL, and where its fragment starts (its length without
    /// one): found once, as appended pairs hold no `#`.
    url: String,
    url_fragment: usize,
    /// Holds the URL's fragment while its query grows.
    scratch: String,
    /// The grown form body.
    form: String,
}

impl Store {
    /// An empty store with room for `text` bytes of names and values.
    pub(super) fn with_capacity(text: usize) -> Self {
        Store {
            text: String::with_capacity(text),
            entries: Vec::new(),
            url: String::new(),
            url_fragment: 0,
            scratch: String::new(),
            form: String::new(),
        }
    }

    /// Appends `s` to the text.
    pub(super) fn push_text(&mut self, s: &str) -> Piece {
        let start = self.text.len();
        self.text.push_str(s);
        Piece::Span {
            start,
            len: s.len(),
        }
    }

    /// The text of `p`.
    #[inline]
    pub(super) fn piece(&self, p: Piece) -> &str {
        match p {
            Piece::Span { start, len } => self.text.get(start..start + len).unwrap_or(""),
            Piece::Static(s) => s,
            Piece::Grown(Growing::Url) => &self.url,
            Piece::Grown(Growing::Form) => &self.form,
        }
    }

    /// Appends what `write` writes to the query of the URL `url` (as
    /// [`crate::url::extend_query`] does): the piece of the URL now.
    pub(super) fn extend_query(&mut self, url: Piece, write: impl FnOnce(&mut String)) -> Piece {
        if url != Piece::Grown(Growing::Url) {
            self.url = self.piece(url).to_owned();
            self.url_fragment = crate::url::fragment_start(&self.url);
        }
        let (url, at) = (&mut self.url, self.url_fragment);
        self.url_fragment = crate::url::extend_query_at(url, at, &mut self.scratch, write);
        Piece::Grown(Growing::Url)
    }

    /// Appends `sep` then what `write` writes to the form body `body`
    /// (`None` starts a new one): the piece of the body now.
    pub(super) fn extend_form(
        &mut self,
        body: Option<Piece>,
        sep: &str,
        write: impl FnOnce(&mut String),
    ) -> Piece {
        match body {
            Some(Piece::Grown(Growing::Form)) => self.form.push_str(sep),
            Some(body) => {
                self.form = [self.piece(body), sep].concat();
            }
            None => self.form.clear(),
        }
        write(&mut self.form);
        Piece::Grown(Growing::Form)
    }

    #[inline]
    fn text_of(&self, p: Piece, spelling: Spelling, part: Part) -> Text<'_> {
        let s = self.piece(p);
        match spelling {
            // Received text was validated when the header was parsed.
            Spelling::Percent => Text::percent(s, part).unwrap_or_else(|_| Text::raw(s)),
            _ => Text::raw(s),
        }
    }

    fn view(&self, e: &Entry) -> Parameter<'_> {
        Parameter::new(
            self.text_of(e.name, e.spelling, Part::Name),
            self.text_of(e.value, e.spelling, Part::Value),
            e.source,
        )
    }

    /// Every own parameter, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = Parameter<'_>> + '_ {
        self.entries.iter().map(|e| self.view(e))
    }

    /// Every own parameter, in order, as the protocol layer sees it, with
    /// what its name is to the protocol.
    pub(super) fn iter_core(
        &self,
    ) -> impl ExactSizeIterator<Item = (Param<'_>, Option<ProtocolParam>)> + '_ {
        self.entries.iter().map(|e| (self.core(e), e.kind))
    }

    #[inline]
    fn core(&self, e: &Entry) -> Param<'_> {
        Param {
            name: self.text_of(e.name, e.spelling, Part::Name),
            value: self.text_of(e.value, e.spelling, Part::Value),
            source: e.source,
        }
    }

    /// The first own parameter that is not a protocol one (`oauth_*`).
    pub(super) fn first_not_protocol(&self) -> Option<Parameter<'_>> {
        self.entries
            .iter()
            .find(|e| e.kind.is_none())
            .map(|e| self.view(e))
    }

    /// The most the own parameters can take written as `name="value", `
    /// pairs: every octet encoded as `%XX` at worst (§3.6).
    pub(super) fn written_len(&self) -> usize {
        self.entries
            .iter()
            .map(|e| 3 * (self.piece(e.name).len() + self.piece(e.value).len()) + 4)
            .sum()
    }

    /// Appends a parameter set in code.
    pub(super) fn push(&mut self, name: &str, value: &str) {
        let kind = ProtocolParam::classify_bytes(name.as_bytes());
        let name = self.push_text(name);
        let value = self.push_text(value);
        self.entries.push(Entry {
            name,
            value,
            spelling: Spelling::Raw,
            source: Source::Code,
            kind,
        });
    }

    /// Appends a parameter received in the header, as wire text.
    pub(super) fn push_received(&mut self, name: &str, value: &str) {
        let name = self.push_text(name);
        let value = self.push_text(value);
        let kind = ProtocolParam::classify(&self.text_of(name, Spelling::Percent, Part::Name));
        self.entries.push(Entry {
            name,
            value,
            spelling: Spelling::Percent,
            source: Source::Header,
            kind,
        });
    }

    /// Sets `name` in code: the first parameter of that name takes the
    /// value, later ones go; without one, it is appended.
    pub(super) fn set(&mut self, name: &'static str, value: &str) {
        self.set_piece(name, |own| own.push_text(value));
    }

    /// [`Store::set`] for a name whose value is a constant.
    pub(super) fn set_static(&mut self, name: &'static str, value: &'static str) {
        self.set_piece(name, |_| Piece::Static(value));
    }

    /// [`Store::set`] for a name given at run time.
    pub(super) fn set_named(&mut self, name: &str, value: &str) {
        let looked = Name::new(name);
        match self.position_of(looked) {
            Some(first) => {
                let value = self.push_text(value);
                self.replace(first, looked, value);
            }
            None => self.push(name, value),
        }
    }

    fn set_piece(&mut self, name: &'static str, value: impl FnOnce(&mut Self) -> Piece) {
        let looked = Name::new(name);
        let value = value(self);
        match self.position_of(looked) {
            Some(first) => self.replace(first, looked, value),
            None => self.entries.push(Entry {
                name: Piece::Static(name),
                value,
                spelling: Spelling::Raw,
                source: Source::Code,
                kind: looked.kind,
            }),
        }
    }

    /// Gives the parameter at `first`, the first called `name`, `value`,
    /// and removes the later ones of that name.
    fn replace(&mut self, first: usize, name: Name<'_>, value: Piece) {
        self.remove_after(first + 1, name);
        let Some(&old) = self.entries.get(first) else {
            return;
        };
        // A received name is wire text; the entry becomes raw text.
        let text = match old.spelling {
            Spelling::Percent => self.push_text(name.text),
            _ => old.name,
        };
        if let Some(e) = self.entries.get_mut(first) {
            *e = Entry {
                name: text,
                value,
                spelling: Spelling::Raw,
                source: Source::Code,
                kind: old.kind,
            };
        }
    }

    /// Removes the parameters called `name` from index `from` on.
    fn remove_after(&mut self, from: usize, name: Name<'_>) {
        let mut i = from;
        while let Some(e) = self.entries.get(i) {
            if self.named(e, name) {
                self.entries.remove(i);
            } else {
                i += 1;
            }
        }
    }

    /// Whether the decoded name of `e` is `name`.
    fn named(&self, e: &Entry, name: Name<'_>) -> bool {
        if e.kind != name.kind {
            return false;
        }
        match (name.kind, e.spelling) {
            // Each named protocol parameter has one name.
            (Some(k), _) if k != ProtocolParam::Other => true,
            (_, Spelling::Percent) => self.view(e).has_name(name.text),
            // Raw text is its own decoding.
            _ => self.piece(e.name) == name.text,
        }
    }

    /// The index of the first parameter whose decoded name is `name`.
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.position_of(Name::new(name))
    }

    fn position_of(&self, name: Name<'_>) -> Option<usize> {
        self.entries.iter().position(|e| self.named(e, name))
    }

    /// Removes every parameter called `name`.
    pub(super) fn remove(&mut self, name: &str) {
        self.remove_after(0, Name::new(name));
    }
}

/// A name looked up in the store, with what it is to the protocol
/// (classified once per lookup, as entries are when made).
#[derive(Clone, Copy)]
struct Name<'n> {
    text: &'n str,
    kind: Option<ProtocolParam>,
}

impl<'n> Name<'n> {
    fn new(text: &'n str) -> Self {
        Name {
            text,
            kind: ProtocolParam::classify_bytes(text.as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One change to a store, named by its method.
    #[derive(Clone, Debug)]
    enum Op {
        Push(String, String),
        Received(String, String),
        Set(usize, String),
        SetNamed(String, String),
        Remove(String),
    }

    const STATIC: [&str; 4] = ["oauth_nonce", "oauth_signature", "oauth_x", "realm"];

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("oauth_nonce".to_owned()),
            Just("oauth%5Fnonce".to_owned()),
            Just("oauth_token".to_owned()),
            Just("oauth_x".to_owned()),
            Just("oauth_".to_owned()),
            Just("realm".to_owned()),
            "[a-z_%5F]{0,12}",
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (name(), "[a-z]{0,3}").prop_map(|(n, v)| Op::Push(n, v)),
            (name(), "[a-z]{0,3}").prop_map(|(n, v)| Op::Received(n, v)),
            (0..STATIC.len(), "[a-z]{0,3}").prop_map(|(i, v)| Op::Set(i, v)),
            (name(), "[a-z]{0,3}").prop_map(|(n, v)| Op::SetNamed(n, v)),
            name().prop_map(Op::Remove),
        ]
    }

    proptest! {
        /// Each entry's cached kind is what classifying its name as it
        /// stands gives, whatever was done to the store.
        #[test]
        fn the_cached_kind_is_the_classified_name(ops in prop::collection::vec(op(), 0..24)) {
            let mut store = Store::with_capacity(0);
            for op in ops {
                match op {
                    Op::Push(n, v) => store.push(&n, &v),
                    Op::Received(n, v) => store.push_received(&n, &v),
                    Op::Set(i, v) => store.set(STATIC[i], &v),
                    Op::SetNamed(n, v) => store.set_named(&n, &v),
                    Op::Remove(n) => store.remove(&n),
                }
                for e in &store.entries {
                    let name = store.text_of(e.name, e.spelling, Part::Name);
                    prop_assert_eq!(e.kind, ProtocolParam::classify(&name));
                }
            }
        }
    }
}
