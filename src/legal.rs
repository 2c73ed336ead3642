//! The brand's legal identity and the consumer-law addresses, in one place: Help, the
//! accessibility statement and the guarantee confirmation read them from here, so the
//! launch team fills them in once (the values below are placeholders until then).

/// Who the customer deals with, as Portuguese law asks a trader to say (DL 7/2004 art. 10,
/// DL 24/2014 art. 4: name, tax number, address, a contact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalIdentity {
    /// The brand as customers know it.
    pub brand: &'static str,
    /// The company's registered name.
    pub company: &'static str,
    /// The company's tax number (NIPC).
    pub tax_number: &'static str,
    /// The registered office.
    pub address: &'static str,
    /// Where customers (and accessibility reports) write to.
    pub email: &'static str,
}

/// PLACEHOLDER: to be replaced with the brand's real identity before launch.
pub const BRAND: LegalIdentity = LegalIdentity {
    brand: "Companion",
    company: "Companion Portugal, Lda.",
    tax_number: "500 000 000",
    address: "Avenida da Liberdade 1, 1250-001 Lisboa",
    email: "apoio@companion.pt",
};

/// The electronic complaints book every consumer-facing business in Portugal must point
/// to (Decree-Law 74/2017, as amended by Decree-Law 9/2021).
pub const COMPLAINTS_BOOK_URL: &str = "https://www.livroreclamacoes.pt";

/// The day the accessibility statement was last reviewed (shown on it, as the EU model
/// statement asks).
pub const ACCESSIBILITY_STATEMENT_DATE: time::Date = time::macros::date!(2026 - 12 - 03);
