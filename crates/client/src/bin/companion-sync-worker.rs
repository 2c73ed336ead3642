//! `companion-sync-worker`: drives one phone's data layer from the command line — log in,
//! make a planned set of changes through the store, sync after each — and exits when the
//! plan is done and synced. The crash-safety test kills it at random moments and starts it
//! again; it is also handy to exercise a server by hand.
//!
//! Usage: companion-sync-worker API_URL DATA_DIR EMAIL PASSWORD DEVICE_IDS REWARD_ID REDEMPTIONS
//! (DEVICE_IDS comma-separated). What is already done is read from the local store, so a
//! restarted worker continues where the killed one stopped.

use companion_client::actions::{Redeem, RegisterDevice};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use companion_client::sync::{Outcome, SyncService};
use companion_client::{ApiClient, FileSecretStore, LocalStore};
use companion_domain::wire::DeviceSource;
use companion_domain::DeviceId;
use time::OffsetDateTime;

struct Plan {
    api_url: String,
    data_dir: PathBuf,
    email: String,
    password: String,
    devices: Vec<DeviceId>,
    reward_id: String,
    redemptions: usize,
}

fn plan() -> Result<Plan, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [api_url, data_dir, email, password, devices, reward_id, redemptions] = args.as_slice()
    else {
        return Err("usage: companion-sync-worker API_URL DATA_DIR EMAIL PASSWORD DEVICE_IDS REWARD_ID REDEMPTIONS".into());
    };
    let devices = devices
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| DeviceId::parse(s).map_err(|e| format!("device {s}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Plan {
        api_url: api_url.clone(),
        data_dir: data_dir.into(),
        email: email.clone(),
        password: password.clone(),
        devices,
        reward_id: reward_id.clone(),
        redemptions: redemptions
            .parse()
            .map_err(|_| "REDEMPTIONS must be a number".to_string())?,
    })
}

async fn run(plan: Plan) -> Result<(), String> {
    let store =
        Arc::new(LocalStore::open(&plan.data_dir.join("cache.db")).map_err(|e| e.to_string())?);
    let api = Arc::new(
        ApiClient::new(
            &plan.api_url,
            Arc::new(FileSecretStore::new(plan.data_dir.join("session.json"))),
        )
        .map_err(|e| e.to_string())?,
    );
    if api.session().await.map_err(|e| e.to_string())?.is_none() {
        let account = api
            .log_in(&plan.email, &plan.password)
            .await
            .map_err(|e| e.to_string())?;
        store.save_account(&account).map_err(|e| e.to_string())?;
    }
    let sync = SyncService::new(store.clone(), api);
    let round = || async {
        match sync.sync_once().await.map_err(|e| e.to_string())? {
            Outcome::SignedOut => Err("signed out".to_string()),
            _ => Ok(()),
        }
    };
    round().await?;
    for device in &plan.devices {
        if store.device(device).map_err(|e| e.to_string())?.is_none() {
            store
                .queue(
                    RegisterDevice {
                        device_id: *device,
                        source: DeviceSource::Scan,
                    },
                    OffsetDateTime::now_utc(),
                )
                .map_err(|e| e.to_string())?;
            round().await?;
        }
    }
    while store.vouchers().map_err(|e| e.to_string())?.len() < plan.redemptions {
        store
            .queue(Redeem::new(&plan.reward_id), OffsetDateTime::now_utc())
            .map_err(|e| e.to_string())?;
        round().await?;
    }
    for _ in 0..20 {
        if sync.sync_once().await.map_err(|e| e.to_string())? == Outcome::Synced {
            println!("done");
            return Ok(());
        }
    }
    Err("did not converge".into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let plan = match plan() {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(plan).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("companion-sync-worker: {message}");
            ExitCode::FAILURE
        }
    }
}
