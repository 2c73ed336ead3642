//! Demo data for trying the product locally: a device catalog, rewards, collection points
//! in Portugal, a customer with two devices and a sales assistant. Seeding twice is
//! harmless: what exists is left alone.

use std::collections::BTreeMap;

use companion_domain::wire::{CollectionPoint, RegisterDeviceRequest, Reward, RewardText};
use companion_domain::{BirthDate, DeviceId, Email, RewardCategory};
use time::macros::date;

use crate::catalog::{self, CatalogEntry};
use crate::error::ApiError;
use crate::routes::accounts;
use crate::state::AppState;
use crate::store::{self, collection_points, devices, rewards};
use companion_domain::NewAccount;

/// The demo customer's login.
pub const CUSTOMER_EMAIL: &str = "demo@companion.pt";
/// The demo customer's password.
pub const CUSTOMER_PASSWORD: &str = "lisboa-eletrico-28";
/// The demo sales assistant's login.
pub const STAFF_EMAIL: &str = "loja@companion.pt";
/// The demo sales assistant's password.
pub const STAFF_PASSWORD: &str = "porto-ribeira-loja";
/// The demo back-office admin's login (the console at `/backoffice`).
pub const ADMIN_EMAIL: &str = "gestao@companion.pt";
/// The demo back-office admin's password.
pub const ADMIN_PASSWORD: &str = "coimbra-biblioteca-joanina";

/// Models in the demo catalog.
const MODELS: [&str; 4] = ["ILUMA ONE", "ILUMA", "ILUMA PRIME", "ORIGINALS DUO"];

/// What was seeded, to print for the person trying the demo.
#[derive(Debug)]
pub struct DemoInfo {
    /// Device IDs in the catalog that nobody has registered.
    pub unregistered: Vec<DeviceId>,
}

/// The `n`th demo device ID: deterministic, so the printed IDs are the same every run.
pub fn demo_device_id(n: u64) -> DeviceId {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // A multiplicative hash spreads consecutive n over the whole 55-bit body space.
    let mut value = (n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 9;
    let mut body = [b'0'; 11];
    for slot in body.iter_mut().rev() {
        *slot = ALPHABET[(value % 32) as usize];
        value /= 32;
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    DeviceId::with_check_character(&body).unwrap_or_else(|_| unreachable_demo_id())
}

fn unreachable_demo_id() -> DeviceId {
    // The body above is always 11 alphabet characters; this keeps the function total.
    DeviceId::with_check_character("00000000000").expect("constant body is valid")
}

/// Seeds everything and returns what to print.
pub async fn seed(state: &AppState) -> anyhow::Result<DemoInfo> {
    let entries: Vec<CatalogEntry> = (0..40)
        .map(|n| CatalogEntry {
            device_id: demo_device_id(n),
            model: MODELS[(n % 4) as usize].to_string(),
            manufactured_on: date!(2025 - 01 - 15),
        })
        .collect();
    catalog::import(&state.db, &entries).await?;
    seed_rewards(state).await?;
    seed_collection_points(state).await?;
    seed_accounts(state).await?;
    let unregistered = devices::unowned(&mut *state.db.pool().acquire().await?, 5)
        .await?
        .iter()
        .filter_map(|id| DeviceId::parse(id).ok())
        .collect();
    Ok(DemoInfo { unregistered })
}

/// The reward catalog: name and description in Portuguese, then in English.
pub async fn seed_rewards(state: &AppState) -> anyhow::Result<()> {
    let offers = [
        (
            "discount-5",
            (
                "Desconto de 5 € em loja",
                "5 € de desconto na próxima compra numa loja da marca.",
            ),
            (
                "5 € off in a shop",
                "5 € off your next purchase in a brand shop.",
            ),
            RewardCategory::Discount,
            250,
        ),
        (
            "discount-15",
            (
                "Desconto de 15 € em loja",
                "15 € de desconto num dispositivo ou acessórios numa loja da marca.",
            ),
            (
                "15 € off in a shop",
                "15 € off a device or accessories in a brand shop.",
            ),
            RewardCategory::Discount,
            600,
        ),
        (
            "fuel-10",
            (
                "Vale de combustível 10 €",
                "Um vale de 10 € em combustível nos postos parceiros.",
            ),
            (
                "10 € fuel voucher",
                "A 10 € fuel voucher at partner stations.",
            ),
            RewardCategory::Fuel,
            450,
        ),
        (
            "fuel-25",
            (
                "Vale de combustível 25 €",
                "Um vale de 25 € em combustível nos postos parceiros.",
            ),
            (
                "25 € fuel voucher",
                "A 25 € fuel voucher at partner stations.",
            ),
            RewardCategory::Fuel,
            1000,
        ),
        (
            "gadget-case",
            (
                "Estojo de viagem",
                "Um estojo de viagem em pele para o seu dispositivo.",
            ),
            ("Travel case", "A leather travel case for your device."),
            RewardCategory::Gadget,
            800,
        ),
        (
            "gadget-charger",
            (
                "Carregador de carro USB-C",
                "Um carregador de carro USB-C rápido.",
            ),
            ("USB-C car charger", "A fast USB-C car charger."),
            RewardCategory::Gadget,
            1200,
        ),
    ];
    let mut conn = state.db.pool().acquire().await?;
    for (id, (name, description), (name_en, description_en), category, cost) in offers {
        let english = RewardText {
            name: name_en.into(),
            description: description_en.into(),
        };
        let reward = Reward {
            id: id.into(),
            name: name.into(),
            description: description.into(),
            category,
            cost_points: cost,
            translations: BTreeMap::from([("en".to_string(), english)]),
        };
        rewards::insert_if_new(&mut conn, &reward).await?;
    }
    Ok(())
}

/// Collection points in Portugal.
pub async fn seed_collection_points(state: &AppState) -> anyhow::Result<()> {
    let points = [
        (
            "cp-lisboa-chiado",
            "Loja Chiado",
            "Rua Garrett 50, 1200-204 Lisboa",
            38.7107,
            -9.1420,
            "Seg–Sáb 10:00–20:00",
        ),
        (
            "cp-lisboa-colombo",
            "Centro Colombo",
            "Av. Lusíada, 1500-392 Lisboa",
            38.7539,
            -9.1886,
            "Todos os dias 10:00–23:00",
        ),
        (
            "cp-porto-santa-catarina",
            "Loja Santa Catarina",
            "Rua de Santa Catarina 312, 4000-443 Porto",
            41.1490,
            -8.6060,
            "Seg–Sáb 09:30–19:30",
        ),
        (
            "cp-coimbra-baixa",
            "Loja Baixa de Coimbra",
            "Rua Ferreira Borges 85, 3000-180 Coimbra",
            40.2090,
            -8.4295,
            "Seg–Sex 09:00–19:00",
        ),
        (
            "cp-braga-centro",
            "Loja Braga Centro",
            "Avenida Central 110, 4710-229 Braga",
            41.5514,
            -8.4227,
            "Seg–Sáb 10:00–19:00",
        ),
        (
            "cp-faro-forum",
            "Fórum Algarve",
            "EN 125, 8009-020 Faro",
            37.0236,
            -7.9441,
            "Todos os dias 10:00–23:00",
        ),
    ];
    let mut conn = state.db.pool().acquire().await?;
    for (id, name, address, latitude, longitude, hours) in points {
        let point = CollectionPoint {
            id: id.into(),
            name: name.into(),
            address: address.into(),
            latitude,
            longitude,
            opening_hours: hours.into(),
        };
        collection_points::insert_if_new(&mut conn, &point).await?;
    }
    Ok(())
}

async fn seed_accounts(state: &AppState) -> anyhow::Result<()> {
    let existing =
        store::accounts::live_id_by_email(&mut *state.db.pool().acquire().await?, CUSTOMER_EMAIL)
            .await?;
    if existing.is_some() {
        return Ok(());
    }
    let explain = |e: ApiError| anyhow::anyhow!("{}: {e}", e.code());
    let now = state.clock.now();
    let new = NewAccount {
        email: Email::parse(CUSTOMER_EMAIL)?,
        given_name: "Ana".into(),
        family_name: "Silva".into(),
        birth_date: BirthDate::new(date!(1990 - 04 - 25), now.date())?,
        country: "PT".into(),
        marketing_opt_in: false,
    };
    let hash = state.hasher.hash(CUSTOMER_PASSWORD.into()).await?;
    let mut tx = state.db.begin_write().await?;
    let account = accounts::create(&mut tx, &new, Some(hash), Default::default(), now)
        .await
        .map_err(explain)?;
    tx.commit().await?;
    for n in [0, 1] {
        let request = RegisterDeviceRequest {
            device_id: demo_device_id(n).to_string(),
            source: companion_domain::wire::DeviceSource::Manual,
        };
        crate::routes::devices::register_for(state, &account.account.id.to_string(), &request)
            .await
            .map_err(explain)?;
    }
    crate::admin::create_staff(state, STAFF_EMAIL, STAFF_PASSWORD, "Loja Chiado").await?;
    let admin = crate::admin::NewStaff {
        email: ADMIN_EMAIL,
        password: ADMIN_PASSWORD,
        name: "Gestão",
        role: companion_domain::wire::StaffRole::Admin,
        shop: crate::store::purchases::DEFAULT_SHOP,
    };
    crate::admin::create_staff_member(state, &admin).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_ids_are_valid_distinct_and_stable() {
        let ids: Vec<DeviceId> = (0..40).map(demo_device_id).collect();
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), 40);
        assert_eq!(demo_device_id(7), demo_device_id(7));
    }
}
