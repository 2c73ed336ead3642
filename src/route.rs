//! Every address the app answers, in one enum, so deep links (e.g. from the QR code on a
//! device box) and in-app navigation go through the same parser.

use dioxus::prelude::*;

use crate::components::Shell;
use crate::views::{
    AccessibilityStatement, Account, AskTransfer, AskTransferFor, DeviceDetail, Devices,
    ForgotPassword, Guarantee, GuaranteeRequests, Help, Home, Login, NotFound, Notifications,
    PointsClaims, Privacy, RegisterDevice, RegisterDeviceWithId, Rewards, SignUp, Staff, Support,
    Troubleshoot, Wallet,
};

/// The app's routes. Each variant renders the component of the same name, inside the
/// [`Shell`] layout (age gate, header, navigation).
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        /// `/`: the home screen.
        #[route("/")]
        Home {},
        /// Log in (with the welcome words for newcomers).
        #[route("/login")]
        Login {},
        /// Create an account.
        #[route("/signup")]
        SignUp {},
        /// Reset a forgotten password with an emailed code.
        #[route("/forgot-password")]
        ForgotPassword {},
        /// My Devices.
        #[route("/devices")]
        Devices {},
        /// Register a device (scan or type).
        #[route("/devices/register")]
        RegisterDevice {},
        /// Register a device whose ID came in the address (a QR code on the box). A path
        /// segment rather than `?id=`: liveview 0.7.10 hands the router `pathname??query`
        /// and the query would be lost.
        #[route("/devices/register/:id")]
        RegisterDeviceWithId { id: String },
        /// One device.
        #[route("/devices/:device_id")]
        DeviceDetail { device_id: String },
        /// "Something wrong?": the guided troubleshooter for one device.
        #[route("/devices/:device_id/troubleshoot")]
        Troubleshoot { device_id: String },
        /// Ask for a device registered to someone else.
        #[route("/transfer")]
        AskTransfer {},
        /// The same, for the device whose registration was refused.
        #[route("/transfer/:id")]
        AskTransferFor { id: String },
        /// The loyalty wallet: balance, vouchers, history.
        #[route("/wallet")]
        Wallet {},
        /// Rewards to exchange points for.
        #[route("/wallet/rewards")]
        Rewards {},
        /// "Missing points?": claims for purchases that earned nothing.
        #[route("/wallet/claims")]
        PointsClaims {},
        /// The in-app inbox.
        #[route("/notifications")]
        Notifications {},
        /// Ask for a replacement of a faulty device (Voluntary Guarantee).
        #[route("/guarantee/:device_id")]
        Guarantee { device_id: String },
        /// My replacement requests and where they stand.
        #[route("/guarantee-requests")]
        GuaranteeRequests {},
        /// The customer's account.
        #[route("/account")]
        Account {},
        /// Help: the FAQ (public).
        #[route("/help")]
        Help {},
        /// The privacy policy (public).
        #[route("/privacy")]
        Privacy {},
        /// The accessibility statement (public, as Decree-Law 82/2022 asks).
        #[route("/accessibility")]
        AccessibilityStatement {},
        /// Staff mode: assisted sign-up and purchases (a sales assistant's login).
        #[route("/staff")]
        Staff {},
        /// Write to customer support (public: "I forgot my email").
        #[route("/support")]
        Support {},
        /// Any other address: a friendly page with a way back home (never a blank screen).
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}

impl Route {
    /// Screens that need a signed-in customer.
    pub fn is_private(&self) -> bool {
        matches!(
            self,
            Route::Home {}
                | Route::Devices {}
                | Route::RegisterDevice {}
                | Route::RegisterDeviceWithId { .. }
                | Route::DeviceDetail { .. }
                | Route::Troubleshoot { .. }
                | Route::AskTransfer {}
                | Route::AskTransferFor { .. }
                | Route::Wallet {}
                | Route::Rewards {}
                | Route::PointsClaims {}
                | Route::Notifications {}
                | Route::Guarantee { .. }
                | Route::GuaranteeRequests {}
                | Route::Account {}
                | Route::Staff {}
        )
    }

    /// Screens for a customer's own data, which a sales assistant's login does not have.
    pub fn is_for_customers(&self) -> bool {
        self.is_private() && !matches!(self, Route::Account {} | Route::Staff {})
    }

    /// Screens only for someone signed out (a signed-in customer goes home instead).
    pub fn is_for_signed_out(&self) -> bool {
        matches!(self, Route::Login {} | Route::SignUp {})
    }

    /// Which bottom-navigation tab a screen belongs to.
    pub fn tab(&self) -> u8 {
        match self {
            Route::Devices {}
            | Route::RegisterDevice {}
            | Route::RegisterDeviceWithId { .. }
            | Route::DeviceDetail { .. }
            | Route::Troubleshoot { .. }
            | Route::AskTransfer {}
            | Route::AskTransferFor { .. }
            | Route::Guarantee { .. }
            | Route::GuaranteeRequests {} => 1,
            Route::Wallet {} | Route::Rewards {} | Route::PointsClaims {} => 2,
            Route::Account {} => 3,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn root_is_home() {
        assert_eq!(Route::from_str("/").ok(), Some(Route::Home {}));
    }

    #[test]
    fn the_design_routes_parse_and_register_is_not_a_device_id() {
        assert_eq!(
            Route::from_str("/devices/register").ok(),
            Some(Route::RegisterDevice {})
        );
        assert_eq!(
            Route::from_str("/devices/register/7K3M2Q9W4X1C").ok(),
            Some(Route::RegisterDeviceWithId {
                id: "7K3M2Q9W4X1C".into()
            })
        );
        assert_eq!(
            Route::from_str("/devices/7K3M2Q9W4X1C").ok(),
            Some(Route::DeviceDetail {
                device_id: "7K3M2Q9W4X1C".into()
            })
        );
        assert_eq!(Route::from_str("/login").ok(), Some(Route::Login {}));
        assert_eq!(
            Route::from_str("/guarantee/7K3M2Q9W4X1C").ok(),
            Some(Route::Guarantee {
                device_id: "7K3M2Q9W4X1C".into()
            })
        );
        assert_eq!(
            Route::from_str("/guarantee-requests").ok(),
            Some(Route::GuaranteeRequests {})
        );
        assert_eq!(
            Route::from_str("/forgot-password").ok(),
            Some(Route::ForgotPassword {})
        );
    }

    #[test]
    fn unknown_paths_are_not_found_with_their_segments() {
        assert_eq!(
            Route::from_str("/no/such/page").ok(),
            Some(Route::NotFound {
                segments: vec!["no".into(), "such".into(), "page".into()]
            })
        );
    }

    #[test]
    fn liveview_shaped_initial_paths_still_parse() {
        // dioxus-liveview 0.7.10 reports the browser's address to the router as
        // `pathname + "?" + search + "#" + hash`, i.e. "/?#" for a plain "/".
        assert_eq!(Route::from_str("/?#").ok(), Some(Route::Home {}));
        assert!(matches!(
            Route::from_str("/elsewhere?#"),
            Ok(Route::NotFound { .. })
        ));
    }

    #[test]
    fn staff_screens_are_private_and_not_for_customers() {
        assert!(Route::Staff {}.is_private() && !Route::Staff {}.is_for_customers());
        assert!(!Route::Account {}.is_for_customers());
        assert!(Route::Wallet {}.is_for_customers());
        assert!(!Route::Support {}.is_private());
    }

    #[test]
    fn private_screens_are_marked() {
        assert!(Route::Home {}.is_private());
        assert!(Route::DeviceDetail {
            device_id: "x".into()
        }
        .is_private());
        assert!(!Route::Login {}.is_private() && !Route::SignUp {}.is_private());
        assert!(!Route::NotFound { segments: vec![] }.is_private());
    }
}
