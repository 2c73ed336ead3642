//! Every error the customer can meet, explained in their language: the account API's
//! codes, device-ID typos, and failures of the network or the phone.

use companion_client::store::StoreError;
use companion_client::{CallError, ErrorCode, SessionFlowError};
use companion_domain::DeviceIdError;

use super::{t, Key, Lang};

/// The explanation of an API error code. Exhaustive: a new code must be explained in both
/// languages to compile.
pub fn error_code_text(lang: Lang, code: &ErrorCode) -> &'static str {
    use ErrorCode::*;
    let (en, pt) = match code {
        Underage => ("You must be 18 or older to use this app.", "Tem de ter 18 anos ou mais para usar esta aplicação."),
        WeakPassword => ("That password is too easy to guess. Use at least 12 characters; a few unrelated words work well.", "Essa palavra-passe é fácil de adivinhar. Use pelo menos 12 caracteres; algumas palavras sem relação funcionam bem."),
        InvalidEmail => ("Enter a valid email address, like name@example.pt.", "Introduza um e-mail válido, como nome@exemplo.pt."),
        InvalidBirthDate => ("Check your date of birth.", "Verifique a sua data de nascimento."),
        InvalidName => ("Enter your name (up to 80 characters).", "Introduza o seu nome (até 80 caracteres)."),
        UnsupportedCountry => ("The app is available in Portugal only.", "A aplicação só está disponível em Portugal."),
        TermsNotAccepted => ("Please accept the terms of use to continue.", "Aceite os termos de utilização para continuar."),
        EmailTaken => ("An account already uses this email. Log in, or reset your password.", "Já existe uma conta com este e-mail. Inicie sessão ou reponha a palavra-passe."),
        InvalidCredentials => ("The email or password is not correct.", "O e-mail ou a palavra-passe não estão corretos."),
        TooManyAttempts => ("Too many attempts. Please wait a few minutes and try again.", "Demasiadas tentativas. Aguarde alguns minutos e tente de novo."),
        InvalidToken => ("This code or session is no longer valid. Ask for a new one.", "Este código ou sessão já não é válido. Peça um novo."),
        Unauthenticated => ("Please log in to continue.", "Inicie sessão para continuar."),
        Forbidden => ("You are not allowed to do this.", "Não tem permissão para fazer isto."),
        InvalidDeviceId => ("That is not a valid device ID. Check it against the label.", "Esse não é um ID de dispositivo válido. Confira com a etiqueta."),
        UnknownDevice => ("We do not know this device ID. Check the label, or contact support.", "Não conhecemos este ID de dispositivo. Confira a etiqueta ou contacte o apoio ao cliente."),
        DeviceAlreadyRegistered => ("This device is registered to another account. If it is yours now, ask for it to be transferred to you.", "Este dispositivo está registado noutra conta. Se agora é seu, peça que lho transfiram."),
        TransferAlreadyPending => ("A transfer of this device is already waiting for an answer.", "Já há uma transferência deste dispositivo à espera de resposta."),
        DeviceNotRegistered => ("Nobody has registered this device: register it as yours.", "Ninguém registou este dispositivo: registe-o como seu."),
        DeviceAlreadyYours => ("This device is already registered to you.", "Este dispositivo já está registado em seu nome."),
        TransferNotFound => ("We cannot find that transfer. It may have been withdrawn.", "Não encontramos essa transferência. Pode ter sido retirada."),
        TransferClosed => ("That transfer has already been answered.", "Essa transferência já teve resposta."),
        DeviceNotFound => ("This device is not registered to your account.", "Este dispositivo não está registado na sua conta."),
        InsufficientPoints => ("You do not have enough points for this reward yet.", "Ainda não tem pontos suficientes para esta recompensa."),
        UnknownReward => ("This reward is no longer available.", "Esta recompensa já não está disponível."),
        RequestAlreadyOpen => ("A replacement for this device is already in progress.", "Já está em curso uma substituição para este dispositivo."),
        GuaranteeExpired => ("The guarantee of this device has ended.", "A garantia deste dispositivo terminou."),
        InvalidAddress => ("Check the delivery address (postal code NNNN-NNN).", "Verifique a morada de entrega (código postal NNNN-NNN)."),
        UnknownCollectionPoint => ("Choose a collection point from the list.", "Escolha um ponto de recolha da lista."),
        InvalidFaultDescription => ("Describe the fault in a few words (at least 10 characters).", "Descreva a avaria em poucas palavras (pelo menos 10 caracteres)."),
        InvalidMessage => ("Write your message (up to 4000 characters).", "Escreva a sua mensagem (até 4000 caracteres)."),
        ContactEmailRequired => ("Tell us an email address where we can answer you.", "Indique um e-mail para lhe podermos responder."),
        DeviceIdRequired => ("Enter the ID of a device registered to your account so we can find it.", "Introduza o ID de um dispositivo registado na sua conta para o encontrarmos."),
        UnknownMember => ("No member has this code. Scan the QR again.", "Nenhum membro tem este código. Leia o QR de novo."),
        DuplicateReceipt => ("This receipt has already earned points.", "Este talão já deu pontos."),
        InvalidAmount => ("The amount must be between 1 € and 10 000 €.", "O valor tem de estar entre 1 € e 10 000 €."),
        AgeNotVerified => ("Check the customer's identity document and confirm they are 18 or older.", "Confirme pelo documento de identificação que o cliente tem 18 anos ou mais."),
        InvalidReceipt => ("Enter the receipt reference as printed (up to 64 characters).", "Introduza a referência do talão tal como impressa (até 64 caracteres)."),
        MemberIsStaff => ("Points are for customers: a staff account cannot be credited.", "Os pontos são para clientes: uma conta de funcionário não pode ser creditada."),
        DailyAwardLimit => ("You have reached the points you may award today. Ask a manager.", "Atingiu os pontos que pode atribuir hoje. Fale com um responsável."),
        AccountRemoved => ("That account has been removed.", "Essa conta foi removida."),
        CursorExpired | InvalidCursor => ("Your data is being refreshed from the start.", "Os seus dados estão a ser atualizados desde o início."),
        NotFound | MethodNotAllowed | MalformedJson | InvalidRequest | InvalidBody | InvalidQuery | InvalidPath | UnsupportedMediaType | InvalidIdempotencyKey => ("The app sent something the server could not use. Please update the app and try again.", "A aplicação enviou algo que o servidor não consegue usar. Atualize a aplicação e tente de novo."),
        PayloadTooLarge => ("That is too much to send at once. Please shorten it.", "É demasiado para enviar de uma vez. Encurte o texto."),
        Unavailable | InternalError => ("Our service has a problem right now. Please try again in a few minutes.", "O nosso serviço tem um problema neste momento. Tente de novo dentro de alguns minutos."),
        StorageUnavailable => ("We cannot save changes right now. Nothing you did before is lost; please try again in a moment.", "Neste momento não conseguimos guardar alterações. Nada do que fez antes se perdeu; tente de novo dentro de momentos."),
        SessionNotFound => ("That session has already ended.", "Essa sessão já terminou."),
        MfaRequired => ("This needs a code from your authenticator app. Staff sign in at the back office.", "Isto precisa de um código da sua aplicação de autenticação. A equipa entra no back office."),
        InvalidMfaCode => ("That code is wrong or out of time. Type the 6 digits your authenticator app shows now.", "Esse código está errado ou expirou. Escreva os 6 dígitos que a aplicação de autenticação mostra agora."),
        CodeReused => ("That code was used already. Wait for the next one.", "Esse código já foi usado. Aguarde pelo próximo."),
        LastAdmin => ("The last administrator cannot be disabled or given another role.", "O último administrador não pode ser desativado nem mudar de função."),
        ClaimTooLate => ("Points can be claimed up to 90 days after the purchase. For an older receipt, contact support.", "Os pontos podem ser reclamados até 90 dias depois da compra. Para um talão mais antigo, contacte o apoio ao cliente."),
        InvalidPurchaseDate => ("Check the purchase date: it cannot be in the future.", "Verifique a data da compra: não pode ser no futuro."),
        ClaimExists => ("You have already claimed the points of this receipt. We will let you know the answer.", "Já reclamou os pontos deste talão. Vamos dar-lhe a resposta."),
        AlreadyCredited => ("This receipt has already earned points.", "Este talão já deu pontos."),
        InvalidPoints => ("Give between 1 and 500 points at a time.", "Atribua entre 1 e 500 pontos de cada vez."),
        InvalidTransition => ("That request cannot move to this step from where it stands.", "Esse pedido não pode passar a este passo a partir de onde está."),
        IdempotencyKeyReused | RequestInProgress => ("That request is already being handled. Please wait a moment.", "Esse pedido já está a ser tratado. Aguarde um momento."),
        Other(_) => return t(lang, Key::ErrorUnknown),
    };
    match lang {
        Lang::En => en,
        Lang::PtPt => pt,
    }
}

/// Like [`api_error_text`], for a call that confirms the signed-in customer's own password
/// (change it, remove the account): there, "invalid credentials" can only mean that one.
pub fn password_check_error_text(lang: Lang, error: &CallError) -> String {
    match error {
        CallError::Refused {
            code: ErrorCode::InvalidCredentials,
            ..
        } => t(lang, Key::WrongPassword).to_string(),
        other => api_error_text(lang, other),
    }
}

/// What to tell the customer about a failed API call.
pub fn api_error_text(lang: Lang, error: &CallError) -> String {
    match error {
        CallError::Refused { code, .. } => error_code_text(lang, code).to_string(),
        CallError::Offline(_) => t(lang, Key::ErrorOffline).to_string(),
        CallError::Server { .. } => t(lang, Key::ErrorServer).to_string(),
        CallError::BadResponse(_) => t(lang, Key::ErrorBadAnswer).to_string(),
        CallError::SignedOut => t(lang, Key::ErrorSignedOut).to_string(),
        CallError::RateLimited { .. } => t(lang, Key::ErrorSlowDown).to_string(),
        CallError::Storage(_) => t(lang, Key::ErrorLocal).to_string(),
    }
}

/// What to tell the customer when a log-in, log-out or removal did not complete.
pub fn session_error_text(lang: Lang, error: &SessionFlowError) -> String {
    match error {
        SessionFlowError::Api(problem) => api_error_text(lang, problem),
        SessionFlowError::Cache(_) => t(lang, Key::ErrorCacheNotCleared).to_string(),
    }
}

/// What to tell the customer when the phone refused a change or its storage failed.
pub fn store_error_text(lang: Lang, error: &StoreError) -> String {
    match error {
        StoreError::NotAllowed(code) => error_code_text(lang, code).to_string(),
        _ => t(lang, Key::ErrorLocal).to_string(),
    }
}

/// Live help while a device ID is typed.
pub fn device_id_error_text(lang: Lang, error: &DeviceIdError) -> String {
    match (error, lang) {
        (DeviceIdError::Empty, Lang::En) => "Enter the 12-character ID from the device or its box.".into(),
        (DeviceIdError::Empty, Lang::PtPt) => "Introduza o ID de 12 caracteres do dispositivo ou da caixa.".into(),
        (DeviceIdError::InvalidCharacter { position, character }, Lang::En) => {
            format!("Character {position} (\u{201c}{character}\u{201d}) is not used in device IDs. IDs use digits and letters except I, L, O and U.")
        }
        (DeviceIdError::InvalidCharacter { position, character }, Lang::PtPt) => {
            format!("O carácter {position} (\u{201c}{character}\u{201d}) não é usado nos IDs. Os IDs usam algarismos e letras, exceto I, L, O e U.")
        }
        (DeviceIdError::WrongLength { found }, Lang::En) => format!("A device ID has 12 characters; you have typed {found}."),
        (DeviceIdError::WrongLength { found }, Lang::PtPt) => format!("Um ID tem 12 caracteres; escreveu {found}."),
        (DeviceIdError::Checksum, Lang::En) => {
            "This ID does not add up: check look-alike characters, e.g. 8 and B, 5 and S, 2 and Z, 0 and D.".into()
        }
        (DeviceIdError::Checksum, Lang::PtPt) => {
            "Este ID não bate certo: verifique caracteres parecidos, p. ex. 8 e B, 5 e S, 2 e Z, 0 e D.".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_differently_in_each_language() {
        for code in ErrorCode::ALL {
            let (en, pt) = (
                error_code_text(Lang::En, code),
                error_code_text(Lang::PtPt, code),
            );
            assert!(!en.is_empty() && !pt.is_empty() && en != pt, "{code:?}");
        }
        assert_eq!(
            error_code_text(Lang::En, &ErrorCode::Other("new".into())),
            t(Lang::En, Key::ErrorUnknown)
        );
    }

    #[test]
    fn device_id_help_names_the_problem() {
        let typo = DeviceIdError::InvalidCharacter {
            position: 4,
            character: 'U',
        };
        assert!(device_id_error_text(Lang::En, &typo).contains('4'));
        assert!(device_id_error_text(Lang::PtPt, &DeviceIdError::Checksum).contains("8 e B"));
        assert!(
            device_id_error_text(Lang::En, &DeviceIdError::WrongLength { found: 9 }).contains('9')
        );
    }
}
