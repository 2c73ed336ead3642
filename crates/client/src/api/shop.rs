//! The shop staff's calls (assisted sign-up, purchases) and support requests.

use super::*;

impl ApiClient {
    /// Staff: signs a customer up in the shop (age checked in person).
    pub async fn staff_sign_up(
        &self,
        request: &StaffSignUpRequest,
        key: Uuid,
    ) -> Result<Account, CallError> {
        parse(
            self.send(
                Method::POST,
                paths::STAFF_ACCOUNTS,
                Some(request),
                Some(key),
                Auth::Required,
            )
            .await?,
        )
    }

    /// Staff: adds points for a purchase by member code.
    pub async fn staff_purchase(
        &self,
        request: &StaffPurchaseRequest,
        key: Uuid,
    ) -> Result<StaffPurchaseReceipt, CallError> {
        self.record_purchase(request, key).await
    }

    /// Staff: records a purchase whose customer showed no member code (`member_code`
    /// empty): the receipt waits for a missing-points claim, or credits one waiting.
    pub async fn staff_unclaimed_purchase(
        &self,
        request: &StaffPurchaseRequest,
        key: Uuid,
    ) -> Result<UnclaimedReceipt, CallError> {
        self.record_purchase(request, key).await
    }

    /// `POST /v1/staff/purchases`: its answer's shape depends on the member code.
    async fn record_purchase<T: serde::de::DeserializeOwned>(
        &self,
        request: &StaffPurchaseRequest,
        key: Uuid,
    ) -> Result<T, CallError> {
        parse(
            self.send(
                Method::POST,
                paths::STAFF_PURCHASES,
                Some(request),
                Some(key),
                Auth::Required,
            )
            .await?,
        )
    }

    /// Sends a support request, signed in or not.
    pub async fn support_request(
        &self,
        request: &CreateSupportRequest,
        key: Uuid,
    ) -> Result<SupportRequestReceipt, CallError> {
        parse(
            self.send(
                Method::POST,
                paths::SUPPORT_REQUESTS,
                Some(request),
                Some(key),
                Auth::IfSignedIn,
            )
            .await?,
        )
    }
}
