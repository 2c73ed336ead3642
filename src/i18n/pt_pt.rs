//! Português (Portugal): the default language. European spelling and vocabulary
//! ("ecrã", "registar"), not Brazilian.

use super::Key;

/// The pt-PT text of `key`. No wildcard arm: a new key must be translated here to compile.
pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Companion",
        Key::LanguagePicker => "Idioma",
        Key::HomeTitle => "Bem-vindo",
        Key::HomeComingSoon => {
            "Os ecrãs da aplicação (dispositivos, carteira de pontos e garantia) chegam em breve."
        }
        Key::NotFoundTitle => "Página não encontrada",
        Key::NotFoundBody => "A página que procura não existe ou foi movida.",
        Key::NotFoundBackHome => "Voltar ao início",
    }
}
