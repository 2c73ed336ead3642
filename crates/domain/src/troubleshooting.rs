//! The guided troubleshooter's guide and the fault codes a guarantee request carries.
//!
//! The guide is data (`assets/troubleshooting.json`, in pt-PT and English): per symptom, a
//! start step and steps whose answers lead to another step, to "solved", or to "request a
//! replacement". It is checked here once, as a whole, so the phone never shows a step that
//! leads nowhere: every answer's next step exists, no step loops back, every step can be
//! reached, and each symptom can end both ways.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// What is wrong with a device, as a guarantee request (and the troubleshooter) name it.
/// A request that named no code (made before codes, or by an integrator who did not say)
/// is `other`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FaultCode {
    WontCharge,
    WontHeat,
    LightPattern,
    ShortSessions,
    AfterCleaning,
    #[default]
    Other,
}

impl FaultCode {
    /// Every code; all but `Other` have a guide.
    pub const ALL: [FaultCode; 6] = [
        FaultCode::WontCharge,
        FaultCode::WontHeat,
        FaultCode::LightPattern,
        FaultCode::ShortSessions,
        FaultCode::AfterCleaning,
        FaultCode::Other,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultCode::WontCharge => "wont_charge",
            FaultCode::WontHeat => "wont_heat",
            FaultCode::LightPattern => "light_pattern",
            FaultCode::ShortSessions => "short_sessions",
            FaultCode::AfterCleaning => "after_cleaning",
            FaultCode::Other => "other",
        }
    }

    /// Parses a stored name; anything unknown (or a request from before fault codes) is
    /// `other`.
    pub fn from_name(name: &str) -> FaultCode {
        FaultCode::ALL
            .into_iter()
            .find(|code| code.as_str() == name)
            .unwrap_or(FaultCode::Other)
    }
}

/// A text in both of the app's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub pt: String,
    pub en: String,
}

impl Text {
    /// The text for an account language code (`pt`, `en`); Portuguese otherwise.
    pub fn get(&self, language: &str) -> &str {
        if language == "en" {
            &self.en
        } else {
            &self.pt
        }
    }
}

/// Where an answer leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    /// Another step of the same symptom.
    Step(String),
    /// Fixed: the troubleshooter ends and the outcome is recorded.
    Solved,
    /// Not fixable at home: a guarantee request, pre-filled.
    Replacement,
}

/// One answer to a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub label: Text,
    pub next: Next,
}

/// One screen of the troubleshooter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub text: Text,
    /// The instruction for models where it differs (by catalogue model name).
    #[serde(default)]
    pub model_text: BTreeMap<String, Text>,
    /// An optional picture (a file name under `assets/`).
    #[serde(default)]
    pub picture: Option<String>,
    pub answers: Vec<Answer>,
}

impl Step {
    /// The instruction for `model` (its own where the guide has one).
    pub fn text_for(&self, model: Option<&str>) -> &Text {
        model
            .and_then(|model| self.model_text.get(model))
            .unwrap_or(&self.text)
    }
}

/// The guide for one symptom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptom {
    pub code: FaultCode,
    pub title: Text,
    pub start: String,
    pub steps: Vec<Step>,
}

impl Symptom {
    /// The step named `id`.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == id)
    }
}

/// The whole guide, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guide {
    pub symptoms: Vec<Symptom>,
}

#[derive(Deserialize)]
struct GuideFile {
    symptoms: Vec<Symptom>,
}

/// Why a guide cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuideError {
    #[error("the guide is not valid JSON of the expected shape: {0}")]
    Shape(String),
    #[error("{0:?} has no guide")]
    MissingSymptom(FaultCode),
    #[error("{0:?} appears twice")]
    DuplicateSymptom(FaultCode),
    #[error("{symptom:?}: step {step:?} appears twice")]
    DuplicateStep { symptom: FaultCode, step: String },
    #[error("{symptom:?}: step {step:?} does not exist")]
    UnknownStep { symptom: FaultCode, step: String },
    #[error("{symptom:?}: step {step:?} leads back to itself")]
    Loop { symptom: FaultCode, step: String },
    #[error("{symptom:?}: step {step:?} cannot be reached")]
    Unreachable { symptom: FaultCode, step: String },
    #[error("{symptom:?}: step {step:?} has no answers or an empty text")]
    Empty { symptom: FaultCode, step: String },
    #[error("{symptom:?} never ends in {end:?}")]
    NoEnd { symptom: FaultCode, end: Next },
}

impl Guide {
    /// Reads and checks a guide: one per fault code (except `Other`), each sound.
    pub fn parse(json: &str) -> Result<Guide, GuideError> {
        let file: GuideFile =
            serde_json::from_str(json).map_err(|e| GuideError::Shape(e.to_string()))?;
        let mut seen = HashSet::new();
        for symptom in &file.symptoms {
            if !seen.insert(symptom.code) {
                return Err(GuideError::DuplicateSymptom(symptom.code));
            }
            check_symptom(symptom)?;
        }
        if let Some(missing) = FaultCode::ALL
            .into_iter()
            .find(|code| *code != FaultCode::Other && !seen.contains(code))
        {
            return Err(GuideError::MissingSymptom(missing));
        }
        Ok(Guide {
            symptoms: file.symptoms,
        })
    }

    /// The guide for `code`.
    pub fn symptom(&self, code: FaultCode) -> Option<&Symptom> {
        self.symptoms.iter().find(|symptom| symptom.code == code)
    }
}

fn blank(text: &Text) -> bool {
    text.pt.trim().is_empty() || text.en.trim().is_empty()
}

fn check_symptom(symptom: &Symptom) -> Result<(), GuideError> {
    let code = symptom.code;
    let mut steps: HashMap<&str, &Step> = HashMap::new();
    for step in &symptom.steps {
        let empty = step.answers.is_empty()
            || blank(&step.text)
            || step.model_text.values().any(blank)
            || step.answers.iter().any(|a| blank(&a.label));
        if empty {
            return Err(GuideError::Empty {
                symptom: code,
                step: step.id.clone(),
            });
        }
        if steps.insert(step.id.as_str(), step).is_some() {
            return Err(GuideError::DuplicateStep {
                symptom: code,
                step: step.id.clone(),
            });
        }
    }
    let unknown = |step: &str| GuideError::UnknownStep {
        symptom: code,
        step: step.to_string(),
    };
    if !steps.contains_key(symptom.start.as_str()) {
        return Err(unknown(&symptom.start));
    }
    // Depth-first from the start: every next step exists, none is on the current path
    // (a loop), and what is never visited is unreachable.
    let mut visited = HashSet::new();
    let mut ends = HashSet::new();
    let mut path = Vec::new();
    walk(
        &steps,
        &symptom.start,
        code,
        &mut path,
        &mut visited,
        &mut ends,
    )?;
    if let Some(step) = symptom
        .steps
        .iter()
        .find(|s| !visited.contains(s.id.as_str()))
    {
        return Err(GuideError::Unreachable {
            symptom: code,
            step: step.id.clone(),
        });
    }
    for end in [Next::Solved, Next::Replacement] {
        if !ends.contains(&end) {
            return Err(GuideError::NoEnd { symptom: code, end });
        }
    }
    Ok(())
}

fn walk<'a>(
    steps: &HashMap<&'a str, &'a Step>,
    id: &'a str,
    code: FaultCode,
    path: &mut Vec<&'a str>,
    visited: &mut HashSet<&'a str>,
    ends: &mut HashSet<Next>,
) -> Result<(), GuideError> {
    if path.contains(&id) {
        return Err(GuideError::Loop {
            symptom: code,
            step: id.to_string(),
        });
    }
    let Some(step) = steps.get(id) else {
        return Err(GuideError::UnknownStep {
            symptom: code,
            step: id.to_string(),
        });
    };
    visited.insert(id);
    path.push(id);
    for answer in &step.answers {
        match &answer.next {
            Next::Step(next) => walk(steps, next, code, path, visited, ends)?,
            end => {
                ends.insert(end.clone());
            }
        }
    }
    path.pop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../assets/troubleshooting.json");

    fn one_symptom(steps: &str, start: &str) -> String {
        let others: Vec<String> = ["wont_heat", "light_pattern", "short_sessions", "after_cleaning"]
            .iter()
            .map(|code| {
                format!(
                    r#"{{"code":"{code}","title":{{"pt":"t","en":"t"}},"start":"a","steps":[{{"id":"a","text":{{"pt":"x","en":"x"}},"answers":[{{"label":{{"pt":"s","en":"s"}},"next":"solved"}},{{"label":{{"pt":"n","en":"n"}},"next":"replacement"}}]}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"symptoms":[{{"code":"wont_charge","title":{{"pt":"t","en":"t"}},"start":"{start}","steps":{steps}}},{}]}}"#,
            others.join(",")
        )
    }

    fn step(id: &str, nexts: &[&str]) -> String {
        let answers: Vec<String> = nexts
            .iter()
            .map(|next| {
                let next = match *next {
                    "solved" | "replacement" => format!("\"{next}\""),
                    other => format!(r#"{{"step":"{other}"}}"#),
                };
                format!(r#"{{"label":{{"pt":"a","en":"a"}},"next":{next}}}"#)
            })
            .collect();
        format!(
            r#"{{"id":"{id}","text":{{"pt":"x","en":"x"}},"answers":[{}]}}"#,
            answers.join(",")
        )
    }

    #[test]
    fn the_shipped_guide_covers_every_symptom_and_every_path_ends() {
        let guide = Guide::parse(SHIPPED).expect("the shipped guide is sound");
        assert_eq!(guide.symptoms.len(), 5);
        let heat = guide.symptom(FaultCode::WontHeat).expect("won't heat");
        let reset = heat.step("reset").expect("a reset step");
        assert_ne!(
            reset.text_for(Some("ORIGINALS DUO")),
            reset.text_for(Some("ILUMA")),
            "the models that differ have their own words"
        );
        assert_eq!(reset.text_for(None), &reset.text);
        assert!(guide.symptom(FaultCode::Other).is_none());
    }

    #[test]
    fn a_guide_that_leads_nowhere_loops_or_never_ends_is_refused() {
        let sound = one_symptom(
            &format!(
                "[{},{}]",
                step("a", &["b", "solved"]),
                step("b", &["replacement"])
            ),
            "a",
        );
        assert!(Guide::parse(&sound).is_ok());
        let cases = [
            (
                one_symptom(&format!("[{}]", step("a", &["c", "solved"])), "a"),
                "does not exist",
            ),
            (
                one_symptom(
                    &format!(
                        "[{},{}]",
                        step("a", &["b", "solved"]),
                        step("b", &["a", "replacement"])
                    ),
                    "a",
                ),
                "leads back",
            ),
            (
                one_symptom(
                    &format!(
                        "[{},{}]",
                        step("a", &["solved", "replacement"]),
                        step("b", &["solved"])
                    ),
                    "a",
                ),
                "cannot be reached",
            ),
            (
                one_symptom(&format!("[{}]", step("a", &["solved"])), "a"),
                "never ends",
            ),
            (
                one_symptom(&format!("[{}]", step("a", &["solved", "replacement"])), "z"),
                "does not exist",
            ),
            (
                one_symptom(
                    &format!(
                        "[{},{}]",
                        step("a", &["solved", "replacement"]),
                        step("a", &["solved"])
                    ),
                    "a",
                ),
                "twice",
            ),
            (
                one_symptom(&format!("[{}]", step("a", &[])), "a"),
                "no answers",
            ),
            ("{\"symptoms\": []}".to_string(), "has no guide"),
            ("not json".to_string(), "not valid JSON"),
        ];
        for (json, why) in cases {
            let error = Guide::parse(&json).expect_err(why).to_string();
            assert!(error.contains(why), "{why}: {error}");
        }
    }

    #[test]
    fn fault_codes_are_the_contract_s_snake_case_names() {
        let names: Vec<String> = FaultCode::ALL
            .iter()
            .map(|code| {
                serde_json::to_value(code)
                    .expect("json")
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_eq!(
            names,
            [
                "wont_charge",
                "wont_heat",
                "light_pattern",
                "short_sessions",
                "after_cleaning",
                "other"
            ]
        );
    }
}
