//! Every message the app can show, by name: translators fill `en.rs` and `pt_pt.rs`, which
//! the compiler checks are exhaustive over this list.

/// Declares [`Key`] and, for the tests, the list of all its variants, from one list so the
/// two cannot drift apart.
macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// A message the app can show; translate it with [`t`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $key,)*
        }

        impl Key {
            /// Every key, so tests can check each table without listing them again.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }
    };
}

keys! {
    /// Heading of the help screen.
    HelpTitle,
    /// Heading of the privacy policy.
    PrivacyTitle,
    /// Link to help.
    HelpLink,
    /// Link to the privacy policy.
    PrivacyLink,
    /// FAQ question.
    FaqRegisterQ,
    /// FAQ answer.
    FaqRegisterA,
    /// FAQ question.
    FaqLoyaltyQ,
    /// FAQ answer.
    FaqLoyaltyA,
    /// FAQ question.
    FaqGuaranteeQ,
    /// FAQ answer.
    FaqGuaranteeA,
    /// FAQ question.
    FaqPasswordQ,
    /// FAQ answer.
    FaqPasswordA,
    /// FAQ question.
    FaqEmailQ,
    /// FAQ answer.
    FaqEmailA,
    /// FAQ question.
    FaqRemoveQ,
    /// FAQ answer.
    FaqRemoveA,
    /// FAQ question.
    FaqAgeQ,
    /// FAQ answer.
    FaqAgeA,
    /// Privacy heading.
    PrivacyWhatH,
    /// Privacy text.
    PrivacyWhat,
    /// Privacy heading.
    PrivacyWhyH,
    /// Privacy text.
    PrivacyWhy,
    /// Privacy heading.
    PrivacyRightsH,
    /// Privacy text.
    PrivacyRights,
    /// Privacy heading.
    PrivacyPhoneH,
    /// Privacy text.
    PrivacyPhone,
    /// Bottom navigation: wallet.
    NavWallet,
    /// Heading of the wallet.
    WalletTitle,
    /// Heading: points history.
    History,
    /// Empty history.
    NoHistory,
    /// History line: device registration bonus.
    EntryRegistrationBonus,
    /// History line: purchase in a shop.
    EntryPurchase,
    /// History line: reward.
    EntryRedemption,
    /// Heading of the rewards.
    RewardsTitle,
    /// Link to the rewards.
    SeeRewards,
    /// Reward category.
    CategoryDiscount,
    /// Reward category.
    CategoryFuel,
    /// Reward category.
    CategoryGadget,
    /// Button: redeem a reward.
    Redeem,
    /// Confirmation: {points} and {reward} are filled in.
    RedeemConfirm,
    /// Button: confirm.
    Confirm,
    /// Reward out of reach.
    NotEnoughPoints,
    /// After redeeming.
    RedeemQueued,
    /// Heading: vouchers.
    Vouchers,
    /// No vouchers.
    NoVouchers,
    /// Voucher not yet confirmed.
    VoucherPending,
    /// Accessible name of a voucher QR.
    VoucherQrLabel,
    /// Empty catalog (not yet synced).
    NoRewards,
    /// The product's name, shown in the header and the page title.
    AppName,
    /// Label of the language picker (its accessible name).
    LanguagePicker,
    /// Heading of the page shown for an address the app does not know.
    NotFoundTitle,
    /// Explanation on the not-found page.
    NotFoundBody,
    /// Link from the not-found page back to the home screen.
    NotFoundBackHome,
    /// Heading of the age gate.
    AgeTitle,
    /// Why the age gate is there.
    AgeBody,
    /// Age gate: confirm.
    AgeYes,
    /// Age gate: decline.
    AgeNo,
    /// Shown to someone under 18.
    AgeRefusedTitle,
    /// Kind closing words for someone under 18.
    AgeRefusedBody,
    /// Bottom navigation: home.
    NavHome,
    /// Bottom navigation: devices.
    NavDevices,
    /// Bottom navigation: account.
    NavAccount,
    /// Accessible name of the bottom navigation.
    MainNavigation,
    /// Heading of the welcome screen.
    WelcomeTitle,
    /// Welcome screen lead.
    WelcomeBody,
    /// Button and link: log in.
    LogIn,
    /// Button and link: sign up.
    SignUp,
    /// Field label: email.
    Email,
    /// Field label: password.
    Password,
    /// Link to the password reset.
    ForgotPassword,
    /// Prompt below the log-in form.
    NoAccountYet,
    /// Prompt below the sign-up form.
    HaveAccount,
    /// Field label: first name.
    GivenName,
    /// Field label: surname.
    FamilyName,
    /// Field label: date of birth.
    BirthDate,
    /// Field label: country.
    Country,
    /// The only country offered.
    CountryPortugal,
    /// Terms consent checkbox.
    AcceptTerms,
    /// Marketing consent checkbox.
    MarketingOptIn,
    /// Password hint under the field.
    PasswordRules,
    /// Password strength: too short.
    StrengthTooShort,
    /// Password strength: long enough (the server checks the rest).
    StrengthOk,
    /// Shown while a request is in flight.
    Working,
    /// Button: log out.
    LogOut,
    /// Log-out with unsent changes.
    LogOutPendingWarning,
    /// Confirm log-out despite unsent changes.
    LogOutAnyway,
    /// Button: cancel.
    Cancel,
    /// Heading of the password reset.
    ForgotTitle,
    /// Explanation of the reset.
    ForgotBody,
    /// Button: send the code.
    SendCode,
    /// After asking for a code.
    CodeSent,
    /// Link: I already have a code.
    HaveCode,
    /// Field label: code.
    Code,
    /// Field label: new password.
    NewPassword,
    /// Button: set the new password.
    SetPassword,
    /// After a reset.
    PasswordChanged,
    /// Home greeting before the name.
    HomeGreeting,
    /// Unit: points.
    Points,
    /// Label: points balance.
    Balance,
    /// Tier name.
    TierSilver,
    /// Tier name.
    TierGold,
    /// Tier name.
    TierPlatinum,
    /// Progress to the next tier; {points} and {tier} are filled in.
    ToNextTier,
    /// At the highest tier.
    TopTier,
    /// Heading of the member card.
    MemberCard,
    /// How to use the member card.
    MemberCardHint,
    /// Accessible name of the member QR.
    MemberCodeLabel,
    /// Heading: my devices.
    MyDevices,
    /// Empty device list.
    NoDevices,
    /// Button: register a device.
    RegisterDevice,
    /// Placeholder while loading.
    Loading,
    /// Heading of notices.
    Notices,
    /// Button: dismiss notices.
    Dismiss,
    /// Sync status: up to date.
    SyncSynced,
    /// Sync status: running.
    SyncSyncing,
    /// Sync status: {count} changes waiting.
    SyncPending,
    /// Sync status: offline.
    SyncOffline,
    /// Sync status: session ended.
    SyncSignedOut,
    /// Banner when offline.
    OfflineBanner,
    /// Marker on an item not yet synced.
    PendingTag,
    /// Marker on a device whose release waits.
    PendingReleaseTag,
    /// Heading of My Devices.
    DevicesTitle,
    /// Model not yet known.
    ModelPending,
    /// Label: registration date.
    RegisteredOn,
    /// Label: guarantee end.
    GuaranteeUntil,
    /// Guarantee status: active.
    GuaranteeActive,
    /// Guarantee status: over.
    GuaranteeExpired,
    /// Heading of the register screen.
    RegisterTitle,
    /// Scan section heading.
    ScanTitle,
    /// Typing section heading.
    TypeTitle,
    /// Field label: device ID.
    DeviceIdLabel,
    /// Where to find the device ID.
    DeviceIdHelp,
    /// Live validation: valid.
    DeviceIdLooksRight,
    /// Button: register.
    Register,
    /// After registering.
    DeviceQueued,
    /// Registering a device already listed.
    AlreadyInList,
    /// Heading of the device screen.
    DeviceDetailTitle,
    /// Button: remove a device (sold or given away).
    ReleaseDevice,
    /// Confirm removing a device.
    ReleaseConfirm,
    /// Link back to the device list.
    BackToDevices,
    /// Device page for a device not in the list.
    DeviceUnknownHere,
    /// Heading of the account screen.
    AccountTitle,
    /// Heading: profile.
    Profile,
    /// Heading: language.
    Language,
    /// No connection (for actions that need the server now).
    ErrorOffline,
    /// Server problem.
    ErrorServer,
    /// Unreadable answer.
    ErrorBadAnswer,
    /// Session ended.
    ErrorSignedOut,
    /// Rate limited.
    ErrorSlowDown,
    /// The phone's storage failed.
    ErrorLocal,
    /// An error code this version does not know.
    ErrorUnknown,
    /// Heading of the replacement request screen.
    GuaranteeTitle,
    /// What the Voluntary Guarantee is, on the request screen.
    GuaranteeIntro,
    /// Button on a device's page that opens the request.
    GuaranteeStart,
    /// Label of the fault description.
    FaultLabel,
    /// Help under the fault description.
    FaultHelp,
    /// The phone's cached data could not be cleared after a log-out, a removal or before
    /// another customer's log-in.
    ErrorCacheNotCleared,
    /// Before the carrier's tracking number of a shipped replacement.
    TrackingNumber,
    /// Before the reason a replacement request was refused.
    RejectionReason,
    /// Heading of the signed-in sessions card.
    SessionsTitle,
    /// What the sessions card is for.
    SessionsBody,
    /// Button: load the sessions.
    SessionsShow,
    /// Badge of the session on this phone.
    SessionThisPhone,
    /// Before the date a session was last used.
    SessionLastUsed,
    /// Button: end one session.
    SessionEnd,
    /// Button: end every other session.
    SessionsEndOthers,
    /// A session in our app.
    SessionClientApp,
    /// A session in a web browser.
    SessionClientBrowser,
    /// A session whose client is not known.
    SessionClientUnknown,
    /// The fault description is too short.
    FaultTooShort,
    /// The fault description is too long or holds characters that cannot be used.
    FaultInvalid,
    /// Heading of the delivery choice.
    DeliveryLegend,
    /// Delivery option: courier to an address.
    DeliveryAddress,
    /// Delivery option: a collection point.
    DeliveryCollectionPoint,
    /// Address field.
    Recipient,
    /// Address field.
    AddressLine1,
    /// Address field.
    AddressLine2,
    /// Address field.
    PostalCode,
    /// Help under the postal code.
    PostalCodeHelp,
    /// Address field.
    City,
    /// Address field.
    PhoneOptional,
    /// The address misses something.
    AddressIncomplete,
    /// A part of the address is too long or holds characters that cannot be used.
    AddressInvalid,
    /// The courier's phone number cannot be read.
    PhoneInvalid,
    /// The postal code is malformed.
    PostalCodeInvalid,
    /// No collection point chosen yet.
    ChoosePoint,
    /// The list of collection points is not on the phone yet.
    NoCollectionPoints,
    /// Button: sort collection points by distance.
    UseMyLocation,
    /// Waiting for the phone's position.
    Locating,
    /// The position could not be had.
    LocationUnavailable,
    /// The list is sorted by distance.
    NearestFirst,
    /// Label before opening hours.
    OpeningHours,
    /// Distance from the customer: "{distance} away".
    Away,
    /// Button: go to the confirmation step.
    Review,
    /// Heading of the confirmation step.
    ReviewTitle,
    /// Button: send the replacement request.
    SendRequest,
    /// Button: back to editing.
    Edit,
    /// Label before a device's model and ID.
    DeviceLabel,
    /// Label before the delivery choice in a summary.
    DeliveryLabel,
    /// Confirmation after sending a request.
    RequestSent,
    /// Confirmation after a request made offline.
    RequestQueued,
    /// A request is open for this device.
    RequestOpenAlready,
    /// The device is not registered with the server yet.
    GuaranteeNotYet,
    /// The guarantee has expired.
    GuaranteeOver,
    /// Heading of the list of replacement requests.
    RequestsTitle,
    /// Link to the list of replacement requests.
    RequestsLink,
    /// The customer has no replacement request.
    NoRequests,
    /// Label before a request's date.
    RequestedOn,
    /// Heading of a device's replacement history.
    ReplacementHistory,
    /// Guarantee request status.
    StatusSubmitted,
    /// Guarantee request status.
    StatusApproved,
    /// Guarantee request status.
    StatusShipped,
    /// Guarantee request status.
    StatusReadyForCollection,
    /// Guarantee request status.
    StatusCompleted,
    /// Guarantee request status.
    StatusRejected,
    /// Guarantee request status.
    StatusCancelled,
    /// A request not yet sent.
    RequestPendingTag,
    /// Heading and button: change the password.
    ChangePassword,
    /// Field: the password now.
    CurrentPassword,
    /// The password was changed.
    PasswordUpdated,
    /// Heading: download my data.
    ExportTitle,
    /// What the export is.
    ExportBody,
    /// Button: fetch the export.
    ExportButton,
    /// The export arrived; "{devices}" and "{entries}" are counts.
    ExportReady,
    /// Link: save the export as a file.
    ExportDownload,
    /// Disclosure: show the export on screen.
    ExportShow,
    /// Heading and button: remove the account.
    RemoveTitle,
    /// What removing the account does.
    RemoveBody,
    /// Field: the password to confirm removal.
    RemovePasswordLabel,
    /// Button: remove the account for good.
    RemoveConfirm,
    /// Unsent changes are lost with the account.
    RemoveUnsent,
    /// Shown after the account was removed.
    AccountRemoved,
    /// Checkbox in the profile.
    MarketingSetting,
    /// A change was saved.
    Saved,
    /// Heading of the support request screen.
    SupportTitle,
    /// What the support screen is for.
    SupportIntro,
    /// Link to the support screen.
    SupportLink,
    /// Link for someone who forgot their email.
    ForgotEmailLink,
    /// Field: what the message is about.
    Topic,
    /// Support topic.
    TopicForgotEmail,
    /// Support topic.
    TopicDevice,
    /// Support topic.
    TopicLoyalty,
    /// Support topic.
    TopicGuarantee,
    /// Support topic.
    TopicAccount,
    /// Support topic.
    TopicOther,
    /// What "I forgot my email" needs.
    ForgotEmailHelp,
    /// Field: where support answers.
    ContactEmail,
    /// Field: a device ID, optional.
    DeviceIdOptional,
    /// Field: the message.
    Message,
    /// The message is empty.
    MessageRequired,
    /// Button: send a message.
    Send,
    /// Confirmation with a reference; "{reference}" is like SR-7K3M2Q.
    SupportSent,
    /// Confirmation of a message queued offline.
    SupportQueued,
    /// Heading of the sales assistant's screen.
    StaffTitle,
    /// What staff mode is.
    StaffIntro,
    /// Bottom navigation tab for staff.
    NavShop,
    /// Heading: sign a customer up in the shop.
    AssistedSignUp,
    /// How assisted sign-up works.
    AssistedSignUpHelp,
    /// Field: the customer's email.
    CustomerEmail,
    /// Checkbox: the assistant checked the age.
    AgeCheckedInPerson,
    /// Checkbox: the customer accepted the terms.
    CustomerAcceptsTerms,
    /// Checkbox: marketing consent given in the shop.
    CustomerMarketing,
    /// Button: create the customer's account.
    CreateAccount,
    /// Assisted sign-up done; "{email}" is the customer's email.
    CustomerInvited,
    /// Button: clear the form for the next customer.
    NextCustomer,
    /// Heading: points for a purchase.
    RecordPurchase,
    /// Field: the customer's member code.
    MemberCodeInput,
    /// Field: amount paid in euros.
    AmountLabel,
    /// The amount could not be read.
    AmountInvalid,
    /// Field: till receipt number.
    ReceiptReference,
    /// The receipt number is missing.
    ReceiptRequired,
    /// The member code is missing.
    MemberCodeRequired,
    /// Points the purchase earns; "{points}".
    PointsPreview,
    /// Button: record the purchase.
    AddPoints,
    /// Purchase recorded; "{points}".
    PointsAdded,
    /// The password typed to confirm is wrong.
    WrongPassword,
    /// What scanning does.
    ScanIntro,
    /// Button: open the camera.
    ScanStart,
    /// The camera is starting.
    ScanOpening,
    /// Accessible name of the camera preview.
    ScanPreviewLabel,
    /// Button: close the camera.
    ScanStop,
    /// Button: switch the torch on.
    TorchOn,
    /// Button: switch the torch off.
    TorchOff,
    /// Guidance while looking.
    ScanSearching,
    /// Guidance: nothing readable.
    ScanMoveCloser,
    /// Guidance: too dark.
    ScanMoreLight,
    /// Guidance: another kind of code.
    ScanNotDevice,
    /// Guidance: damaged label.
    ScanDamaged,
    /// A photo could not be opened.
    ScanUnreadablePhoto,
    /// No code in the photo.
    ScanPhotoNoCode,
    /// A device ID was read; "{id}".
    ScanFound,
    /// Button: scan again.
    ScanAgain,
    /// Camera access refused.
    CameraDenied,
    /// No camera.
    CameraMissing,
    /// The camera failed.
    CameraFailed,
    /// Button: pick or take a photo of the code.
    PhotoButton,
    /// A photo is being read.
    ReadingPhoto,
    /// History: points that expired.
    EntryExpiry,
    /// History: points given by customer care.
    EntryGoodwill,
    /// History: points not spendable yet.
    EntryPendingTag,
    /// Wallet: pending points; {points}, {date}.
    WalletPending,
    /// Wallet: the next points to expire; {points}, {date}.
    WalletNextExpiry,
    /// Link from the wallet to the claims screen.
    MissingPoints,
    /// Heading of the claims screen.
    ClaimsTitle,
    /// What a claim is for.
    ClaimsIntro,
    /// Field: the shop code.
    ClaimShop,
    /// Field: the receipt reference.
    ClaimReceipt,
    /// Field: the day of the purchase.
    ClaimDate,
    /// Field: the amount paid.
    ClaimAmount,
    /// Button: file the claim.
    ClaimSubmit,
    /// A claim was filed.
    ClaimSent,
    /// The shop code or receipt is empty.
    ClaimFieldsRequired,
    /// No purchase date.
    ClaimDateRequired,
    /// Heading: the customer's claims.
    YourClaims,
    /// No claims yet.
    NoClaims,
    /// A claim being checked.
    ClaimOpen,
    /// A claim credited; {points}.
    ClaimCredited,
    /// A claim refused; {reason}.
    ClaimRejected,
    /// A claim's receipt; {receipt}, {shop}, {date}.
    ClaimLine,
    /// Heading of the inbox; also the link to it.
    NotificationsTitle,
    /// The inbox link's count; {count}.
    NotificationsUnread,
    /// An empty inbox.
    NoNotifications,
    /// Tag of an unread notification.
    NotificationNew,
    /// A replacement moved; {device}, {status}.
    NotifyReplacement,
    /// A shipped replacement's tracking; {tracking}.
    NotifyTracking,
    /// Support answered; {reference}.
    NotifySupportReply,
    /// A claim accepted; {receipt}, {points}.
    NotifyClaimCredited,
    /// A claim refused; {receipt}, {reason}.
    NotifyClaimRejected,
    /// A kind this build does not know.
    NotifyOther,
    /// Pending points posted; {points}.
    NotifyPointsPosted,
    /// Points about to expire; {points}, {date}.
    NotifyPointsExpiring,
    /// Heading of the theme choice in Account.
    Theme,
    /// Follow the phone's light or dark setting.
    ThemeSystem,
    /// The light theme.
    ThemeLight,
    /// The dark theme.
    ThemeDark,
    /// The empty devices list's one next step.
    RegisterFirstDevice,
    /// The empty requests list's next step.
    NoRequestsAction,
    /// Heading of the accessibility statement; also the link to it.
    AccessibilityTitle,
    /// The statement's commitment; {brand}.
    AccessibilityIntro,
    /// Heading: how conformant the app is.
    AccessibilityStatusH,
    /// How conformant the app is, and the known gap.
    AccessibilityStatus,
    /// Heading: how the app is checked.
    AccessibilityTestedH,
    /// How the app is checked.
    AccessibilityTested,
    /// Heading: how to report a barrier.
    AccessibilityContactH,
    /// How to report a barrier; {email}.
    AccessibilityContact,
    /// When the statement was prepared; {date}.
    AccessibilityDate,
    /// The link to the electronic complaints book (its Portuguese name in both).
    ComplaintsBookLink,
    /// On the guarantee confirmation: where to complain.
    ComplaintsBookNote,
    /// Said of a link that leaves the app.
    OpensOutside,
    /// Heading of the brand's legal identity in Help.
    LegalIdentityH,
    /// The brand's legal identity; {company}, {tax_number}, {address}, {email}.
    LegalIdentity,
    /// Heading of the two guarantees on the device page.
    GuaranteesH,
    /// The legal guarantee's name.
    LegalGuaranteeH,
    /// What the legal guarantee is; {years}.
    LegalGuaranteeText,
    /// The brand's guarantee's name.
    VoluntaryGuaranteeH,
    /// What the brand's guarantee is; {years}.
    VoluntaryGuaranteeText,
    /// Which guarantee a request in the app uses.
    GuaranteesNote,
    /// The device page's way into the troubleshooter.
    TroubleshootOpen,
    /// Heading of the troubleshooter.
    TroubleshootTitle,
    /// The troubleshooter's first question.
    TroubleshootPick,
    /// Back one step in the troubleshooter.
    TroubleshootBack,
    /// Which step this is; {n}.
    TroubleshootStep,
    /// The troubleshooter ended fixed.
    TroubleshootSolved,
    /// The troubleshooter ended unfixed.
    TroubleshootReplacement,
    /// Open the prefilled guarantee request.
    TroubleshootRequest,
    /// Prefix of the steps tried, in the prefilled fault.
    TroubleshootTried,
    /// Someone asks for one of the customer's devices.
    NotifyTransferRequested,
    /// The customer's transfer request was accepted.
    NotifyTransferAccepted,
    /// The customer's transfer request was declined.
    NotifyTransferDeclined,
    /// Heading of the transfers on My Devices.
    TransfersTitle,
    /// An open transfer the customer decides.
    TransferIncoming,
    /// A transfer of the customer's device, decided.
    TransferIncomingClosed,
    /// A transfer the customer asked for.
    TransferOutgoing,
    /// Accept button.
    TransferAccept,
    /// Decline button.
    TransferDecline,
    /// Transfer status.
    TransferStatusPending,
    /// Transfer status.
    TransferStatusEscalated,
    /// Transfer status.
    TransferStatusAccepted,
    /// Transfer status.
    TransferStatusDeclined,
    /// Transfer status.
    TransferStatusCancelled,
    /// A transfer change waiting to be sent.
    TransferStatusSending,
    /// Link from My Devices to asking for a device.
    TransferOpen,
    /// Title of the ask-for-a-device screen.
    TransferTitle,
    /// What asking for a device does.
    TransferExplain,
    /// Submit of the ask-for-a-device form.
    TransferSubmit,
    /// After asking for a device.
    TransferQueued,
    /// Link from a refused registration to asking for the device.
    TransferFromNotice,
}
