//! The little XML the LTI 1.1 Outcomes service exchanges (IMS POX): text
//! escaped when written, and the text of a named element read back. Not an
//! XML parser: it finds `<name>` or `<prefix:name>` start tags and reads
//! their text up to the next tag, decoding the five predefined entities,
//! character references and CDATA. A document with a DTD is refused, so no
//! entity is ever defined, let alone expanded.

/// `text` with `&`, `<`, `>`, `"` and `'` escaped (XML 1.0 §2.4), safe in
/// element content and in attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Why an element could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum XmlProblem {
    /// The document declares a DTD.
    Doctype,
    /// The element is not there.
    Missing,
    /// Its text has a malformed reference, or the document ends inside it.
    Malformed,
}

/// Whether a start tag named `local` (any namespace prefix) is in `xml`.
pub(crate) fn has_element(xml: &str, local: &str) -> Result<bool, XmlProblem> {
    Ok(start_tag(xml, local)?.is_some())
}

/// The decoded text of the first element named `local` (any namespace
/// prefix); an empty element (`<a/>`, `<a></a>`) is `""`.
pub(crate) fn element_text(xml: &str, local: &str) -> Result<String, XmlProblem> {
    let (after, empty) = start_tag(xml, local)?.ok_or(XmlProblem::Missing)?;
    if empty {
        return Ok(String::new());
    }
    let rest = xml.get(after..).ok_or(XmlProblem::Malformed)?;
    let mut text = String::new();
    let mut rest = rest;
    loop {
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").ok_or(XmlProblem::Malformed)?;
            text.push_str(&cdata[..end]);
            rest = &cdata[end + 3..];
        } else if rest.starts_with('<') {
            return Ok(text);
        } else {
            let end = rest.find('<').ok_or(XmlProblem::Malformed)?;
            unescape_into(&rest[..end], &mut text)?;
            rest = &rest[end..];
        }
    }
}

/// The end of the first start tag named `local` and whether it is empty
/// (`/>`).
fn start_tag(xml: &str, local: &str) -> Result<Option<(usize, bool)>, XmlProblem> {
    if xml.contains("<!DOCTYPE") {
        return Err(XmlProblem::Doctype);
    }
    let mut from = 0;
    while let Some(found) = xml.get(from..).and_then(|s| s.find('<')) {
        let open = from + found + 1;
        let tail = xml.get(open..).unwrap_or_default();
        let end = tail.find('>').ok_or(XmlProblem::Malformed)?;
        let tag = &tail[..end];
        let name = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let local_name = name.rsplit(':').next().unwrap_or(name);
        if local_name == local && !name.starts_with(['/', '?', '!']) {
            return Ok(Some((open + end + 1, tag.ends_with('/'))));
        }
        from = open + end + 1;
    }
    Ok(None)
}

/// Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#N;` / `&#xN;`.
fn unescape_into(text: &str, out: &mut String) -> Result<(), XmlProblem> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or(XmlProblem::Malformed)?;
        out.push(reference(&after[..semi])?);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// The character a reference names.
fn reference(name: &str) -> Result<char, XmlProblem> {
    let code = match name {
        "amp" => return Ok('&'),
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "quot" => return Ok('"'),
        "apos" => return Ok('\''),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => name.strip_prefix('#').ok_or(XmlProblem::Malformed)?.parse(),
        },
    };
    code.ok()
        .and_then(char::from_u32)
        .ok_or(XmlProblem::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_reads_back() {
        let nasty = r#"a<b>&"c'd ]]> é"#;
        let xml = format!(
            "<r><x:sourcedId a=\"1\">{}</x:sourcedId></r>",
            escape(nasty)
        );
        assert_eq!(element_text(&xml, "sourcedId").unwrap(), nasty);
        assert_eq!(
            element_text("<a>&#233;&#xE9;<![CDATA[<&>]]>!</a>", "a").unwrap(),
            "éé<&>!"
        );
    }

    #[test]
    fn empty_missing_and_hostile_elements() {
        assert_eq!(element_text("<r><id/></r>", "id").unwrap(), "");
        assert_eq!(element_text("<r><id></id></r>", "id").unwrap(), "");
        assert_eq!(
            element_text("<r><idx>1</idx></r>", "id"),
            Err(XmlProblem::Missing)
        );
        assert_eq!(
            element_text("<r><id>&bogus;</id></r>", "id"),
            Err(XmlProblem::Malformed)
        );
        assert_eq!(
            element_text("<r><id>&#xD800;</id></r>", "id"),
            Err(XmlProblem::Malformed)
        );
        assert_eq!(element_text("<r><id>1", "id"), Err(XmlProblem::Malformed));
        assert_eq!(element_text("<r><id", "id"), Err(XmlProblem::Malformed));
        let dtd = "<!DOCTYPE r [<!ENTITY e \"x\">]><r><id>&e;</id></r>";
        assert_eq!(element_text(dtd, "id"), Err(XmlProblem::Doctype));
        assert_eq!(has_element("<a><b/></a>", "b"), Ok(true));
        assert_eq!(has_element("<a></b></a>", "b"), Ok(false));
    }
}
