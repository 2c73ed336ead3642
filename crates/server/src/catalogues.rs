//! The catalogues operations keep: rewards and collection points, loaded from CSV
//! (`companion-server import-rewards FILE.csv`, `import-collection-points FILE.csv`).
//!
//! An import is all or nothing: any bad line changes nothing and every bad line is named.
//! Re-importing updates what is there (an id is the key). A reward marked inactive leaves
//! the app's list, but vouchers already bought with it stay valid (a redemption keeps its
//! own copy of the reward's name). A collection point marked inactive is no longer offered.

use std::collections::BTreeMap;
use std::io::Read;

use companion_domain::text::{self, TextRule};
use companion_domain::wire::{
    CataloguePoint, CatalogueReward, CollectionPoint, PostalAddress, Reward, RewardText,
};
use companion_domain::RewardCategory;

use crate::csv_import::{field, read_lines, ImportError};
use crate::db::Db;
use crate::store::{collection_points, rewards};

/// The header of a rewards file.
pub const REWARDS_HEADER: [&str; 8] = [
    "id",
    "category",
    "cost_points",
    "name_pt",
    "name_en",
    "description_pt",
    "description_en",
    "active",
];

/// The header of a collection-points file.
pub const POINTS_HEADER: [&str; 9] = [
    "id",
    "name",
    "address",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "opening_hours",
    "active",
];

/// A reward's name: one line.
const REWARD_NAME: TextRule = TextRule {
    min: 1,
    max: 120,
    lines: text::Lines::One,
};
/// A reward's description.
const REWARD_DESCRIPTION: TextRule = TextRule {
    min: 1,
    max: 1000,
    lines: text::Lines::Many,
};
/// Opening hours, as shown: one line.
const OPENING_HOURS: TextRule = TextRule {
    min: 1,
    max: 200,
    lines: text::Lines::One,
};

/// A reward and whether it is offered.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardLine {
    /// The reward, Portuguese name and description first, English as a translation.
    pub reward: Reward,
    /// Offered in the app.
    pub active: bool,
}

/// A collection point, its address in parts, and whether it is offered.
#[derive(Debug, Clone, PartialEq)]
pub struct PointLine {
    /// The point as the app shows it (its address in one line).
    pub point: CollectionPoint,
    /// Street and number.
    pub street: String,
    /// `NNNN-NNN`.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// Offered in the app.
    pub active: bool,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Imported {
    /// New entries.
    pub added: u64,
    /// Entries that were there and now hold the file's values.
    pub updated: u64,
}

/// Checks a reward as operations give it (a CSV line or the console's form): every
/// problem, in words.
pub fn check_reward(draft: CatalogueReward) -> Result<RewardLine, Vec<String>> {
    let id = catalogue_id(&draft.id);
    let cost = Some(draft.cost_points)
        .filter(|points| *points > 0)
        .ok_or_else(|| format!("cost_points {} is not a positive number", draft.cost_points));
    let [name, name_en, description, description_en] = [
        ("name_pt", REWARD_NAME, &draft.name_pt),
        ("name_en", REWARD_NAME, &draft.name_en),
        ("description_pt", REWARD_DESCRIPTION, &draft.description_pt),
        ("description_en", REWARD_DESCRIPTION, &draft.description_en),
    ]
    .map(|(field, rule, value)| rule.clean(value).map_err(|e| format!("{field} is {e}")));
    match (id, cost, name, name_en, description, description_en) {
        (Ok(id), Ok(cost_points), Ok(name), Ok(name_en), Ok(description), Ok(description_en)) => {
            let english = RewardText {
                name: name_en,
                description: description_en,
            };
            Ok(RewardLine {
                reward: Reward {
                    id,
                    name,
                    description,
                    category: draft.category,
                    cost_points,
                    translations: BTreeMap::from([("en".to_string(), english)]),
                },
                active: draft.active,
            })
        }
        (a, b, c, d, e, f) => Err([a.err(), b.err(), c.err(), d.err(), e.err(), f.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// Checks a collection point as operations give it: every problem, in words.
pub fn check_point(draft: CataloguePoint) -> Result<PointLine, Vec<String>> {
    let id = catalogue_id(&draft.id);
    let name = REWARD_NAME
        .clean(&draft.name)
        .map_err(|e| format!("name is {e}"));
    let street = text::ADDRESS_LINE1
        .clean(&draft.address)
        .map_err(|e| format!("address is {e}"));
    let postal_code = Some(draft.postal_code.trim().to_string())
        .filter(|code| is_postal_code(code))
        .ok_or_else(|| format!("postal_code {:?} is not NNNN-NNN", draft.postal_code));
    let city = text::CITY
        .clean(&draft.city)
        .map_err(|e| format!("city is {e}"));
    let latitude = within(draft.latitude, 90.0, "latitude");
    let longitude = within(draft.longitude, 180.0, "longitude");
    let hours = OPENING_HOURS
        .clean(&draft.opening_hours)
        .map_err(|e| format!("opening_hours is {e}"));
    match (
        id,
        name,
        street,
        postal_code,
        city,
        latitude,
        longitude,
        hours,
    ) {
        (
            Ok(id),
            Ok(name),
            Ok(street),
            Ok(postal_code),
            Ok(city),
            Ok(latitude),
            Ok(longitude),
            Ok(opening_hours),
        ) => Ok(PointLine {
            point: CollectionPoint {
                id,
                name,
                address: format!("{street}, {postal_code} {city}"),
                latitude,
                longitude,
                opening_hours,
            },
            street,
            postal_code,
            city,
            active: draft.active,
        }),
        (a, b, c, d, e, f, g, h) => Err([
            a.err(),
            b.err(),
            c.err(),
            d.err(),
            e.err(),
            f.err(),
            g.err(),
            h.err(),
        ]
        .into_iter()
        .flatten()
        .collect()),
    }
}

/// Parses a rewards CSV.
pub fn parse_rewards(input: impl Read) -> Result<Vec<RewardLine>, ImportError> {
    read_lines(input, &REWARDS_HEADER, |record| {
        let category = RewardCategory::from_name(field(record, 1)).ok_or_else(|| {
            format!(
                "category {:?} is not discount, fuel or gadget",
                field(record, 1)
            )
        });
        let cost = field(record, 2).parse::<i64>().map_err(|_| {
            format!(
                "cost_points {:?} is not a positive number",
                field(record, 2)
            )
        });
        let active = flag(field(record, 7));
        // Values that pass stand in for unreadable ones, so every problem is told at once.
        let draft = CatalogueReward {
            id: field(record, 0).to_string(),
            category: *category.as_ref().unwrap_or(&RewardCategory::Gadget),
            cost_points: *cost.as_ref().unwrap_or(&1),
            name_pt: field(record, 3).to_string(),
            name_en: field(record, 4).to_string(),
            description_pt: field(record, 5).to_string(),
            description_en: field(record, 6).to_string(),
            active: *active.as_ref().unwrap_or(&true),
        };
        checked(
            check_reward(draft),
            [category.err(), cost.err(), active.err()],
        )
    })
}

/// Parses a collection-points CSV.
pub fn parse_points(input: impl Read) -> Result<Vec<PointLine>, ImportError> {
    read_lines(input, &POINTS_HEADER, |record| {
        let latitude = number(field(record, 5), "latitude");
        let longitude = number(field(record, 6), "longitude");
        let active = flag(field(record, 8));
        let draft = CataloguePoint {
            id: field(record, 0).to_string(),
            name: field(record, 1).to_string(),
            address: field(record, 2).to_string(),
            postal_code: field(record, 3).to_string(),
            city: field(record, 4).to_string(),
            latitude: *latitude.as_ref().unwrap_or(&0.0),
            longitude: *longitude.as_ref().unwrap_or(&0.0),
            opening_hours: field(record, 7).to_string(),
            active: *active.as_ref().unwrap_or(&true),
        };
        checked(
            check_point(draft),
            [latitude.err(), longitude.err(), active.err()],
        )
    })
}

/// A checked line, unless a field could not even be read.
fn checked<T, const N: usize>(
    line: Result<T, Vec<String>>,
    unreadable: [Option<String>; N],
) -> Result<T, String> {
    let mut problems: Vec<String> = unreadable.into_iter().flatten().collect();
    match line {
        Ok(line) if problems.is_empty() => Ok(line),
        Ok(_) => Err(problems.join("; ")),
        Err(more) => {
            problems.extend(more);
            Err(problems.join("; "))
        }
    }
}

/// Writes every reward in one transaction: added or updated.
pub async fn import_rewards(db: &Db, lines: &[RewardLine]) -> Result<Imported, ImportError> {
    let mut tx = db.begin_write().await?;
    let mut done = Imported::default();
    for line in lines {
        let added = rewards::upsert(&mut tx, &line.reward, line.active).await?;
        count(&mut done, added);
    }
    tx.commit().await?;
    Ok(done)
}

/// Writes every collection point in one transaction: added or updated.
pub async fn import_points(db: &Db, lines: &[PointLine]) -> Result<Imported, ImportError> {
    let mut tx = db.begin_write().await?;
    let mut done = Imported::default();
    for line in lines {
        let row = collection_points::PointRow {
            point: &line.point,
            postal_code: &line.postal_code,
            city: &line.city,
            active: line.active,
        };
        let added = collection_points::upsert(&mut tx, &row).await?;
        count(&mut done, added);
    }
    tx.commit().await?;
    Ok(done)
}

fn count(done: &mut Imported, added: bool) {
    if added {
        done.added += 1;
    } else {
        done.updated += 1;
    }
}

/// An id operators choose: lower-case letters, digits and dashes, up to 64.
fn catalogue_id(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "id {text:?} must be 1 to 64 lower-case letters, digits or dashes"
        ))
    }
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `sim`/`não`).
fn flag(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "true" | "1" | "yes" | "sim" => Ok(true),
        "false" | "0" | "no" | "não" | "nao" => Ok(false),
        other => Err(format!("active {other:?} is not true or false")),
    }
}

fn number(text: &str, what: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .map_err(|_| format!("{what} {text:?} is not a number"))
}

fn within(value: f64, bound: f64, what: &str) -> Result<f64, String> {
    Some(value)
        .filter(|v| v.is_finite() && v.abs() <= bound)
        .ok_or_else(|| format!("{what} {value} is not between -{bound} and {bound}"))
}

/// Portuguese postal codes: four digits, a dash, three digits.
fn is_postal_code(code: &str) -> bool {
    PostalAddress {
        recipient: String::new(),
        line1: String::new(),
        line2: None,
        postal_code: code.to_string(),
        city: String::new(),
        phone: None,
    }
    .has_valid_postal_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REWARDS: &str = "id,category,cost_points,name_pt,name_en,description_pt,description_en,active
desconto-10,discount,250,Desconto de 10 €,10 € off,Na próxima compra.,On your next purchase.,true
combustivel,fuel,600,Vale de combustível,Fuel voucher,Num posto aderente.,At a partner station.,false
";

    #[test]
    fn a_good_rewards_file_reads_every_line() {
        let lines = parse_rewards(REWARDS.as_bytes()).expect("valid");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].reward.text("en").0, "10 € off");
        assert_eq!(lines[0].reward.name, "Desconto de 10 €");
        assert!(!lines[1].active);
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_returned() {
        let bad = "id,category,cost_points,name_pt,name_en,description_pt,description_en,active
ok-one,gadget,100,Copo,Cup,Um copo.,A cup.,true
Bad Id,toys,-5,,Cup,Um copo.,A cup.,maybe
";
        let Err(ImportError::BadLines(lines)) = parse_rewards(bad.as_bytes()) else {
            panic!("refused")
        };
        assert_eq!(lines.len(), 1);
        let (line, reason) = &lines[0];
        assert_eq!(*line, 3);
        for part in ["id", "category", "cost_points", "name_pt", "active"] {
            assert!(reason.contains(part), "{reason}");
        }
        let wrong_header = "id,name\nx,y\n";
        assert!(matches!(
            parse_rewards(wrong_header.as_bytes()),
            Err(ImportError::BadLines(lines)) if lines[0].0 == 1
        ));
    }

    #[test]
    fn collection_points_check_postal_codes_and_coordinates() {
        let file = "id,name,address,postal_code,city,latitude,longitude,opening_hours,active
cp-chiado,Loja Chiado,Rua Garrett 1,1200-203,Lisboa,38.7107,-9.1420,Seg–Sáb 10:00–20:00,true
cp-bad,Loja,Rua 2,1200,Lisboa,95,-9.1,Sempre,true
";
        let Err(ImportError::BadLines(lines)) = parse_points(file.as_bytes()) else {
            panic!("refused")
        };
        assert_eq!(lines[0].0, 3);
        assert!(lines[0].1.contains("postal_code") && lines[0].1.contains("latitude"));
        let good = file.lines().take(2).collect::<Vec<_>>().join("\n");
        let points = parse_points(good.as_bytes()).expect("valid");
        assert_eq!(points[0].point.address, "Rua Garrett 1, 1200-203 Lisboa");
    }
}
