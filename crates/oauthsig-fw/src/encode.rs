//! `oauthsig_fw_percent_encode`: RFC 5849 §3.6 encoding by core's
//! `encode::encode`, streamed into the caller's buffer.

use crate::boundary::{In, OutBuf};
use crate::result::oauthsig_fw_result;
use oauthsig_core::encode::encode;
use oauthsig_core::sink::{Sink, SliceSink};

/// The body of `oauthsig_fw_percent_encode`.
pub(crate) fn percent_encode(input: In<'_>, out: OutBuf<'_>) -> oauthsig_fw_result {
    out.fill(&[input], |buf| {
        let text = input.text()?;
        let mut sink = SliceSink::new(buf);
        for piece in encode(text) {
            sink.put(piece.as_bytes());
        }
        // The exact size needed when it does not fit.
        Ok(sink.finish()?.len())
    })
}
