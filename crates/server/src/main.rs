//! `companion-server`: the account API. Reads its settings from the environment
//! (`DATABASE_URL`, `BIND_ADDR`, `MAIL_OUTBOX_DIR`, `SMTP_URL`) and runs one subcommand.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use companion_domain::wire::StaffRole;
use companion_server::config::Settings;
use companion_server::startup::Application;
use companion_server::{admin, catalog, catalogues, demo};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "companion-server",
    version,
    about = "The companion account API"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API (the default).
    Serve,
    /// Load the manufacturer's device catalog from a CSV file (device_id,model,manufactured_on).
    ImportDevices {
        /// The CSV file.
        file: PathBuf,
    },
    /// Load or update the rewards catalogue from a CSV file
    /// (id,category,cost_points,name_pt,name_en,description_pt,description_en,active).
    ImportRewards {
        /// The CSV file.
        file: PathBuf,
    },
    /// Load or update the collection points from a CSV file
    /// (id,name,address,postal_code,city,latitude,longitude,opening_hours,active).
    ImportCollectionPoints {
        /// The CSV file.
        file: PathBuf,
    },
    /// Create a sales-assistant account.
    CreateStaff {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Password (at least 12 characters, not easily guessed).
        #[arg(long)]
        password: String,
        /// Name shown in the shop.
        #[arg(long, default_value = "Sales assistant")]
        name: String,
        /// The shop (receipt references earn points once per shop).
        #[arg(long, default_value = "main")]
        shop: String,
        /// What the account may do: sales (shop staff), support, operations or admin.
        #[arg(long, default_value = "sales", value_parser = parse_staff_role)]
        role: StaffRole,
    },
    /// Move a replacement request along (back office): approved, shipped,
    /// ready_for_collection, completed or rejected.
    GuaranteeStatus {
        /// The request's id (a UUID).
        #[arg(long)]
        request: String,
        /// The new status.
        #[arg(long)]
        status: String,
    },
    /// Serve with demo data: a device catalog, rewards, collection points and demo logins.
    Demo,
    /// Print the OpenAPI document (as `GET /v1/openapi.json` serves it) and exit; needs no
    /// database. For the linters in CI.
    Openapi {
        /// Include the test clock's paths, as a server with `TEST_CLOCK=1` lists them.
        #[arg(long)]
        test_clock: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs go to stderr; stdout carries what a person or script reads (the address, demo logins).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in logs, pipes or CI.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi { test_clock } = command {
        let doc = companion_server::routes::document(test_clock);
        println!("{}", doc.to_pretty_json()?);
        return Ok(());
    }
    let settings = Settings::from_env()?;
    match command {
        Command::Serve => serve(Application::build(settings).await?).await,
        Command::Demo => {
            let app = Application::build(settings).await?;
            let info = demo::seed(app.state())
                .await
                .context("cannot seed the demo data")?;
            println!("Demo data ready.");
            println!(
                "  customer login:  {} / {}",
                demo::CUSTOMER_EMAIL,
                demo::CUSTOMER_PASSWORD
            );
            println!(
                "  staff login:     {} / {}",
                demo::STAFF_EMAIL,
                demo::STAFF_PASSWORD
            );
            println!(
                "  back office:     {} / {}  (the console at /backoffice)",
                demo::ADMIN_EMAIL,
                demo::ADMIN_PASSWORD
            );
            println!("  device IDs to register:");
            for id in info.unregistered {
                println!("    {id}");
            }
            serve(app).await
        }
        Command::ImportDevices { file } => {
            let entries = catalog::parse(open(&file)?)?;
            let app = without_serving(settings).await?;
            let report = catalog::import(&app.state().db, &entries).await?;
            println!(
                "{} devices added, {} already in the catalog",
                report.added, report.already_known
            );
            Ok(())
        }
        Command::ImportRewards { file } => {
            let lines = catalogues::parse_rewards(open(&file)?)?;
            let app = without_serving(settings).await?;
            let done = catalogues::import_rewards(&app.state().db, &lines).await?;
            println!("{} rewards added, {} updated", done.added, done.updated);
            Ok(())
        }
        Command::ImportCollectionPoints { file } => {
            let lines = catalogues::parse_points(open(&file)?)?;
            let app = without_serving(settings).await?;
            let done = catalogues::import_points(&app.state().db, &lines).await?;
            println!(
                "{} collection points added, {} updated",
                done.added, done.updated
            );
            Ok(())
        }
        Command::CreateStaff {
            email,
            password,
            name,
            shop,
            role,
        } => {
            let app = without_serving(settings).await?;
            let account = admin::create_staff_member(
                app.state(),
                &admin::NewStaff {
                    email: &email,
                    password: &password,
                    name: &name,
                    role,
                    shop: &shop,
                },
            )
            .await?;
            println!(
                "{} account {} created for {}",
                role.as_str(),
                account.id,
                account.email
            );
            Ok(())
        }
        Command::GuaranteeStatus { request, status } => {
            let status: companion_domain::wire::GuaranteeRequestStatus =
                serde_json::from_value(serde_json::Value::String(status.clone()))
                    .with_context(|| format!("unknown status {status:?}"))?;
            let app = without_serving(settings).await?;
            let request = admin::set_guarantee_status(app.state(), &request, status).await?;
            println!("request {} is now {}", request.id, request.status.as_str());
            Ok(())
        }
        Command::Openapi { .. } => unreachable!("printed above, before reading settings"),
    }
}

async fn serve(app: Application) -> anyhow::Result<()> {
    let addr = app.local_addr()?;
    println!("companion-server listening on http://{addr}");
    app.run_until_stopped().await
}

/// `--role`: one of the staff roles.
fn parse_staff_role(text: &str) -> Result<StaffRole, String> {
    StaffRole::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = StaffRole::ALL.iter().map(|r| r.as_str()).collect();
        format!(
            "{text:?} is not a staff role; use one of {}",
            names.join(", ")
        )
    })
}

/// Opens an operator's file, saying which one could not be.
fn open(file: &std::path::Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))
}

/// The application on its database, for a command that does not serve (any free port).
async fn without_serving(settings: Settings) -> anyhow::Result<Application> {
    Application::build(Settings {
        bind_addr: ([127, 0, 0, 1], 0).into(),
        ..settings
    })
    .await
}
