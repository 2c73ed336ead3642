//! Turning rendered words into a well-formed message: Date, Message-ID, From with the
//! brand's name, To, the subject in the recipient's language, and a multipart/alternative
//! body (text first, then HTML), all UTF-8 and sent as 8-bit so the development `.eml`
//! files read as they were written.

use std::time::SystemTime;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use time::OffsetDateTime;

use super::templates::Rendered;
use super::transport::MailError;

/// The brand the emails are signed with.
pub const BRAND: &str = "Companion";

/// Where the footer sends people who need help.
pub const SUPPORT_EMAIL: &str = "apoio@companion.pt";

/// The sender: the brand's name and an address that is not read.
pub struct From;

impl From {
    /// The address (`no-reply@…`), whose domain also ends every Message-ID.
    pub const ADDRESS: &'static str = "no-reply@companion.pt";

    /// The Message-ID of an outbox row: the same on every attempt, so a duplicate after a
    /// crash is recognisable as one.
    pub fn message_id(row_id: &str) -> String {
        let domain = From::ADDRESS
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .unwrap_or("companion.pt");
        format!("<{row_id}@{domain}>")
    }
}

/// Builds the message to `to`, dated `date`.
pub fn compose(
    to: &str,
    message_id: &str,
    rendered: &Rendered,
    date: OffsetDateTime,
) -> Result<Message, MailError> {
    let from = Mailbox::new(
        Some(BRAND.to_string()),
        From::ADDRESS
            .parse()
            .map_err(|e| MailError::Build(format!("the sender address: {e}")))?,
    );
    let to: Mailbox = to
        .parse()
        .map_err(|e| MailError::Build(format!("the recipient address: {e}")))?;
    // 8-bit when every line fits (wrapped at spaces); otherwise lettre picks
    // quoted-printable or base64 for that part.
    let part = |content_type: ContentType, text: &str| {
        let wrapped = wrap(text, LINE_BYTES);
        let body = Body::new_with_encoding(wrapped.clone(), ContentTransferEncoding::EightBit)
            .unwrap_or_else(|_| Body::new(wrapped));
        Ok::<_, MailError>(SinglePart::builder().header(content_type).body(body))
    };
    let body = MultiPart::alternative()
        .singlepart(part(ContentType::TEXT_PLAIN, &rendered.text)?)
        .singlepart(part(ContentType::TEXT_HTML, &rendered.html)?);
    Message::builder()
        .from(from)
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(message_id.to_string()))
        .date(SystemTime::from(date))
        .multipart(body)
        .map_err(|e| MailError::Build(e.to_string()))
}

/// The longest line sent as 8-bit (RFC 5322 asks for at most 78 characters; lettre takes
/// 8-bit only under 76 bytes).
const LINE_BYTES: usize = 72;

/// `text` with every line longer than `limit` bytes broken at spaces (a single longer
/// word stays whole).
fn wrap(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / limit);
    for line in text.split('\n') {
        let mut length = 0;
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                if length + 1 + word.len() > limit {
                    out.push('\n');
                    length = 0;
                } else {
                    out.push(' ');
                    length += 1;
                }
            }
            out.push_str(word);
            length += word.len();
        }
        out.push('\n');
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_message_has_every_header_and_both_parts() {
        let rendered = Rendered {
            subject: "O seu código para repor a palavra-passe".into(),
            text: "Olá,\nO seu código: ABCDE-FGHJK\n".into(),
            html: "<p>Olá, <strong>ABCDE-FGHJK</strong></p>".into(),
        };
        let id = From::message_id("0b6a");
        let message = compose(
            "ana@example.pt",
            &id,
            &rendered,
            datetime!(2026-06-15 10:00 UTC),
        )
        .expect("builds");
        let raw = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(
            raw.contains("From: Companion <no-reply@companion.pt>"),
            "{raw}"
        );
        assert!(raw.contains("To: ana@example.pt"), "{raw}");
        assert!(raw.contains("Message-ID: <0b6a@companion.pt>"), "{raw}");
        assert!(raw.contains("Date: Mon, 15 Jun 2026 10:00:00"), "{raw}");
        assert!(
            raw.contains("Subject: O seu =?utf-8?b?"),
            "encoded subject: {raw}"
        );
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("O seu código: ABCDE-FGHJK"),
            "8-bit text: {raw}"
        );
        assert!(raw.find("text/plain") < raw.find("text/html"), "{raw}");
    }

    #[test]
    fn long_lines_are_wrapped_at_spaces_within_the_limit() {
        let text = "palavra ".repeat(30) + "\n\nfim";
        let wrapped = wrap(&text, LINE_BYTES);
        assert!(wrapped.lines().all(|l| l.len() <= LINE_BYTES), "{wrapped}");
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert!(wrapped.ends_with("\n\nfim"));
        let long = "x".repeat(100);
        assert_eq!(wrap(&long, LINE_BYTES), long);
    }
}
