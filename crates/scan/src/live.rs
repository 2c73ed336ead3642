//! Scanning a live camera: a little of the ladder on every frame, within a frame's time.
//!
//! The still-image [`Scanner`](crate::Scanner) runs its whole ladder on each frame until a
//! 200 ms budget ends, which is right for a photo (there is no next one) and wrong for a
//! camera: while the customer aims, most frames hold nothing readable, so every frame costs
//! the full budget, the preview is decoded at under 5 frames a second and a phone core runs
//! hot. A [`LiveScanner`] lives for one scanning session and spreads the ladder over the
//! frames instead:
//!
//! - every frame gets the cheap pass (half scale, about 1.5 ms on 1280×720 here);
//! - a code read in the last frames is looked for first where it was, by the pass that
//!   read it, on a crop around it;
//! - otherwise the frame's busiest patch ([`region::busiest`]: a small code is a dense grid
//!   of edges) is cropped; the enlarged, stretched pass runs on it on every frame (it reads
//!   the small codes of the first readable frames more often than any other: with it in
//!   turn instead, the first read came half a frame later on average), then other passes
//!   over the crop (enlarged, thresholded, denoised, sharpened, turned, inverted) take
//!   turns, as many as fit a fifth of the budget; the
//!   crop is what makes the enlarging passes affordable, which on a whole frame take
//!   longer than a frame's time;
//! - whole-frame passes take turns too, at most one per frame, paid from a credit that
//!   grows by a fifteenth of the budget each frame; a pass waits for its turn until the credit
//!   covers it, and one that could not fit even the whole budget is skipped (at 30 ms on a
//!   1280×720 frame on the benchmark machine that leaves the half-scale denoised pass; the
//!   others run when the budget is larger or the frame smaller);
//! - what read a code goes first the next time its group has a turn.
//!
//! So a frame without a code costs about a third of the budget, and no pass is started
//! that its measured cost says would end after the budget: each pass's cost per megapixel
//! is learned from the frames it ran on (before that, estimated from the cheap pass's cost
//! on this device), so on a slower phone fewer passes run per frame instead of frames
//! taking longer. A started pass always finishes, so a frame much harder than the ones
//! before it can still overrun; the benchmark measures how often.
//!
//! Frames are not averaged (not tried yet): a code in the hand moves and grows from frame
//! to frame, so averaging would first need aligning the frames around it.
//!
//! Like the still scanner it never returns an unchecked ID: every payload goes through the
//! same check-character test.

use std::time::{Duration, Instant};

use companion_domain::DeviceId;

use crate::error::ScanError;
use crate::frame::{GreyFrame, Plane};
use crate::ladder::{matrix, pass, turned, Filter, Pass, Planes, Scale};
use crate::payload;
use crate::read::{self, Binarization, Payload};
use crate::region::{self, Rect};

/// Decodes the frames of one camera session; create one per session (it learns the
/// session's pass costs and where the code is) and hand it every frame in order.
#[derive(Debug, Clone)]
pub struct LiveScanner {
    budget: Duration,
    /// Frames scanned so far.
    frame: u64,
    /// Learned cost of each slot, in milliseconds per megapixel.
    costs: Vec<Option<f64>>,
    /// The next whole-frame and crop slots in turn.
    next_whole: usize,
    next_crop: usize,
    /// The last code read (any code, an ID or not), to look for it there first.
    seen: Option<Seen>,
    /// Milliseconds the whole-frame passes may still spend: a share of the budget comes in
    /// with each frame, what they spend goes out, at most one budget is kept.
    credit_ms: f64,
    /// How time spent on a frame is told.
    clock: Clock,
    /// The steps run on the last frame, for tests.
    #[cfg(test)]
    trace: Vec<(usize, Target)>,
}

/// How the time spent on a frame is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Measured.
    Real,
    /// The sum of the estimates of the passes run so far: lets tests decide what "fits"
    /// without depending on this machine's speed.
    #[cfg(test)]
    Estimated,
}

impl Default for LiveScanner {
    /// A budget of 30 ms per frame: a camera delivers a frame every 33 ms, and a pass that
    /// fits reads most codes within a few frames of them becoming readable.
    fn default() -> Self {
        Self::with_budget(Duration::from_millis(30))
    }
}

impl LiveScanner {
    /// A scanner that starts no pass on a frame unless it expects the pass to end within
    /// `budget` of the frame's start; the cheap pass always runs.
    pub fn with_budget(budget: Duration) -> Self {
        Self {
            budget,
            frame: 0,
            costs: vec![None; SLOTS.len()],
            next_whole: 0,
            next_crop: 0,
            seen: None,
            credit_ms: 0.0,
            clock: Clock::Real,
            #[cfg(test)]
            trace: Vec::new(),
        }
    }

    /// The time allowed per frame.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Reads the next frame of the session. The first code read decides, as in
    /// [`Scanner::scan`](crate::Scanner::scan); a payload becomes an ID only if its check
    /// character is right.
    pub fn scan(&mut self, frame: &GreyFrame<'_>) -> Result<DeviceId, ScanError> {
        let started = Instant::now();
        self.frame += 1;
        #[cfg(test)]
        self.trace.clear();
        let full = Plane::from_frame(frame);
        let (width, height) = (full.width, full.height);
        let mut work = Work {
            whole: Planes::new(full),
            crops: Vec::new(),
            started,
            estimated_ms: 0.0,
            width,
            height,
        };
        let budget_ms = self.budget.as_secs_f64() * 1000.0;
        self.credit_ms = (self.credit_ms + budget_ms / CREDIT_SHARE).min(budget_ms);
        let found = self.find(&mut work);
        match found {
            Some(found) => payload::device_id(found),
            None => Err(ScanError::NoCode),
        }
    }

    /// Runs this frame's steps until one reads a code.
    fn find(&mut self, work: &mut Work) -> Option<Payload> {
        let (max_width, max_height) = (work.width / 2, work.height / 2);
        let remembered = self
            .seen
            .filter(|seen| self.frame - seen.frame <= MEMORY_FRAMES)
            .map(|seen| Seen {
                region: seen.region.at_most(max_width, max_height),
                ..seen
            });
        if let Some(seen) = remembered {
            if let Some(found) = self.step(work, seen.slot, Target::Crop(seen.region), false) {
                return Some(found);
            }
        }
        if let Some(found) = self.step(work, CHEAP, Target::Whole, true) {
            return Some(found);
        }
        let region = remembered.map(|seen| seen.region).or_else(|| {
            let half = region::busiest(work.whole.get(Scale::Half, Filter::None))?;
            Rect::around(
                &[
                    (2.0 * half.x as f32, 2.0 * half.y as f32),
                    (
                        2.0 * (half.x + half.width) as f32,
                        2.0 * (half.y + half.height) as f32,
                    ),
                ],
                0.0,
                work.width,
                work.height,
            )
            .map(|rect| rect.at_most(max_width, max_height))
        });
        // Passes over the crop (the small codes the whole-frame passes cannot read) until
        // a fifth of the budget is spent on them, then one whole-frame pass paid from the
        // credit. A frame gets a share of the ladder, not as much of it as the budget
        // would hold, so frames without a code stay cheap; the budget bars any pass that
        // would end too late.
        let budget_ms = self.budget_ms();
        if let Some(rect) = region {
            let until = self.elapsed_ms(work) + budget_ms / CROP_SHARE;
            let target = Target::Crop(rect);
            let ran_already = remembered
                .is_some_and(|seen| seen.slot == CROP_FIRST && Target::Crop(seen.region) == target);
            if !ran_already {
                if let Some(found) = self.step(work, CROP_FIRST, target, false) {
                    return Some(found);
                }
            }
            if let Some(found) = self.take_turns(work, Group::Crop(rect), until) {
                return Some(found);
            }
        }
        let before = self.elapsed_ms(work);
        let until = before + self.credit_ms;
        let found = self.take_turns(work, Group::Whole, until);
        self.credit_ms -= self.elapsed_ms(work) - before;
        found
    }

    /// Runs the slots of a group in turn from where the last frame stopped, while they
    /// fit: the first crop pass within the budget, later ones and the whole-frame pass
    /// within `until_ms`. A slot that does not fit waits for the next frame (so cheaper
    /// slots do not overtake it for good), unless it would not fit even an empty frame's
    /// budget, which it is then skipped over.
    fn take_turns(&mut self, work: &mut Work, group: Group, until_ms: f64) -> Option<Payload> {
        let (slots, target, count) = match group {
            Group::Whole => (WHOLE, Target::Whole, 1),
            Group::Crop(rect) => (CROP, Target::Crop(rect), CROP.len()),
        };
        let megapixels = target.megapixels(work);
        let mut ran = 0;
        for _ in 0..slots.len() {
            if ran == count {
                break;
            }
            let index = match group {
                Group::Whole => self.next_whole,
                Group::Crop(_) => self.next_crop,
            } % slots.len();
            let slot = slots[index];
            let until = match group {
                Group::Crop(_) if ran == 0 => self.budget_ms(),
                _ => until_ms,
            };
            let Some(found) = self.try_step(work, slot, target, until) else {
                if self.estimate(slot, megapixels) > self.budget_ms() {
                    self.advance(group, index + 1);
                    continue;
                }
                break;
            };
            ran += 1;
            if found.is_some() {
                // What just read a code goes first next time.
                self.advance(group, index);
                return found;
            }
            self.advance(group, index + 1);
        }
        None
    }

    fn advance(&mut self, group: Group, to: usize) {
        match group {
            Group::Whole => self.next_whole = to % WHOLE.len(),
            Group::Crop(_) => self.next_crop = to % CROP.len(),
        }
    }

    /// Runs one slot if it fits (or `force`), and returns what it read.
    fn step(
        &mut self,
        work: &mut Work,
        slot: usize,
        target: Target,
        force: bool,
    ) -> Option<Payload> {
        if force {
            return self.run(work, slot, target, 0.0);
        }
        let until = self.budget_ms();
        self.try_step(work, slot, target, until).flatten()
    }

    fn budget_ms(&self) -> f64 {
        self.budget.as_secs_f64() * 1000.0
    }

    /// `None` when the slot was skipped because it would end after `until_ms` or the
    /// budget, else what it read.
    fn try_step(
        &mut self,
        work: &mut Work,
        slot: usize,
        target: Target,
        until_ms: f64,
    ) -> Option<Option<Payload>> {
        let expected = self.estimate(slot, target.megapixels(work));
        let elapsed_ms = self.elapsed_ms(work);
        if elapsed_ms + expected > until_ms.min(self.budget_ms()) {
            // Skipped: let its estimate ease, so one slow frame does not bar a pass for good.
            if let Some(cost) = &mut self.costs[slot] {
                *cost *= SKIP_EASING;
            }
            return None;
        }
        Some(self.run(work, slot, target, expected))
    }

    /// Time spent on the frame so far, in milliseconds.
    fn elapsed_ms(&self, work: &Work) -> f64 {
        match self.clock {
            Clock::Real => work.started.elapsed().as_secs_f64() * 1000.0,
            #[cfg(test)]
            Clock::Estimated => work.estimated_ms,
        }
    }

    /// Runs one slot and returns what it read.
    fn run(
        &mut self,
        work: &mut Work,
        slot: usize,
        target: Target,
        expected: f64,
    ) -> Option<Payload> {
        let megapixels = target.megapixels(work);
        work.estimated_ms += expected;
        #[cfg(test)]
        self.trace.push((slot, target));
        let pass = SLOTS[slot].pass;
        let before = Instant::now();
        let (found, source, offset) = match target {
            Target::Whole => {
                let plane = work.whole.get(pass.scale, pass.filter);
                let found = read::read(plane, pass.binarization, pass.readers());
                (found, (work.width, work.height), (0, 0))
            }
            Target::Crop(rect) => {
                let planes = work.crop(rect);
                let plane = planes.get(pass.scale, pass.filter);
                let found = read::read(plane, pass.binarization, pass.readers());
                (found, (rect.width, rect.height), (rect.x, rect.y))
            }
        };
        self.learn(slot, before.elapsed(), megapixels);
        if let Some(found) = &found {
            self.remember(slot, found, &pass, source, offset, target, work);
        }
        found
    }

    /// The expected milliseconds of a slot over `megapixels`, with a margin.
    fn estimate(&self, slot: usize, megapixels: f64) -> f64 {
        let per_megapixel = self.costs[slot].unwrap_or_else(|| {
            let unit = self.costs[CHEAP].unwrap_or(CHEAP_PRIOR_MS);
            SLOTS[slot].relative_cost * unit
        });
        per_megapixel * megapixels * MARGIN
    }

    /// Updates a slot's cost: up at once to a slower run, down by halves after faster ones
    /// (a pass that was slow on the last frame is likely slow on the next, which looks
    /// much the same).
    fn learn(&mut self, slot: usize, took: Duration, megapixels: f64) {
        let measured = took.as_secs_f64() * 1000.0 / megapixels.max(1e-6);
        let cost = &mut self.costs[slot];
        *cost = Some(match *cost {
            Some(old) => measured.max((old + measured) / 2.0),
            None => measured,
        });
    }

    /// Keeps where a code was read (in frame pixels) and by which slot.
    #[allow(clippy::too_many_arguments)]
    fn remember(
        &mut self,
        slot: usize,
        found: &Payload,
        pass: &Pass,
        source: (usize, usize),
        offset: (usize, usize),
        target: Target,
        work: &Work,
    ) {
        let points: Vec<(f32, f32)> = found
            .points
            .iter()
            .map(|&point| {
                let (x, y) = region::to_source(point, pass, source.0, source.1);
                (x + offset.0 as f32, y + offset.1 as f32)
            })
            .collect();
        let region = Rect::around(&points, GROW, work.width, work.height).or(match target {
            Target::Crop(rect) => Some(rect),
            Target::Whole => None,
        });
        self.seen = region.map(|region| Seen {
            slot,
            region,
            frame: self.frame,
        });
    }

    /// The steps run on the last frame: slot and target.
    #[cfg(test)]
    fn trace(&self) -> &[(usize, Target)] {
        &self.trace
    }
}

/// A code read within this many frames (half a second at 30 frames a second) is looked for
/// where it was first.
const MEMORY_FRAMES: u64 = 15;
/// The box around a code read is grown by this share of its size on each side.
const GROW: f32 = 0.6;
/// Estimates are taken this much larger than the measured cost.
const MARGIN: f64 = 1.2;
/// The whole-frame passes spend on average one budget over this many frames.
const CREDIT_SHARE: f64 = 15.0;
/// The crop passes spend up to this share of the budget on each frame.
const CROP_SHARE: f64 = 5.0;
/// A skipped slot's estimate is multiplied by this.
const SKIP_EASING: f64 = 0.95;
/// Cost of the cheap pass per megapixel before it was measured once (this machine: about
/// 1.6 ms; a phone is slower, and the first frame measures it).
const CHEAP_PRIOR_MS: f64 = 2.0;

/// What a step reads: the whole frame or a crop of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Whole,
    Crop(Rect),
}

impl Target {
    fn megapixels(&self, work: &Work) -> f64 {
        match self {
            Target::Whole => (work.width * work.height) as f64 / 1e6,
            Target::Crop(rect) => rect.megapixels(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Group {
    Whole,
    Crop(Rect),
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    slot: usize,
    region: Rect,
    frame: u64,
}

/// A pass the live scanner may run, and its cost per megapixel relative to the cheap
/// pass's before it has been measured (measured on the benchmark frames).
#[derive(Debug, Clone, Copy)]
struct Slot {
    pass: Pass,
    relative_cost: f64,
}

const fn slot(pass: Pass, relative_cost: f64) -> Slot {
    Slot {
        pass,
        relative_cost,
    }
}

/// The cheap pass every frame gets.
const CHEAP: usize = 0;

/// Every pass, by slot number: the cheap one, the whole-frame ones ([`WHOLE`]), the crop
/// ones ([`CROP`]). The same passes as the still ladder, except that those that enlarge run
/// on crops only (on a whole frame they take longer than a frame's time).
const SLOTS: &[Slot] = {
    use Binarization::*;
    use Filter::*;
    use Scale::*;
    &[
        slot(pass(Half, None, Hybrid, false), 1.0),
        // Whole frame, in turn.
        slot(pass(Half, SmoothStretch, Hybrid, true), 5.0),
        slot(pass(Full, SmoothThreshold(24), Hybrid, true), 25.0),
        slot(matrix(Full, Stretch), 20.0),
        slot(matrix(Full, SmoothStretch), 18.0),
        slot(pass(Full, Stretch, GlobalHistogram, true), 25.0),
        slot(turned(12), 25.0),
        slot(turned(-12), 25.0),
        slot(matrix(Full, Invert), 25.0),
        slot(turned(24), 25.0),
        slot(turned(-24), 25.0),
        slot(matrix(Full, SharpenStretch), 25.0),
        slot(turned(36), 25.0),
        slot(turned(-36), 25.0),
        // Crops, in turn.
        slot(matrix(Enlarged, Stretch), 60.0),
        slot(matrix(Enlarged, SmoothThreshold(16)), 60.0),
        slot(matrix(Full, Stretch), 20.0),
        slot(matrix(Full, SmoothStretch), 18.0),
        slot(pass(Full, SmoothThreshold(24), Hybrid, true), 25.0),
        slot(matrix(Full, SharpenStretch), 25.0),
        slot(turned(12), 25.0),
        slot(turned(-12), 25.0),
        slot(matrix(Enlarged, SmoothThreshold(32)), 60.0),
        slot(matrix(Full, Invert), 25.0),
        slot(turned(24), 25.0),
        slot(turned(-24), 25.0),
    ]
};

/// Slots taken in turn over the whole frame.
const WHOLE: &[usize] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
/// Slots taken in turn over a crop: the two enlarged passes that read the smallest codes
/// come every few slots, the others between them.
const CROP: &[usize] = &[
    16, 15, 19, 17, 15, 18, 20, 15, 21, 19, 22, 15, 23, 24, 15, 25,
];
/// The crop pass every frame with a crop gets first: the enlarged, stretched plane reads
/// the small codes of the first readable frames more often than any other pass.
const CROP_FIRST: usize = 14;

/// The planes of one frame and of its crops, made once each.
struct Work {
    whole: Planes,
    crops: Vec<(Rect, Planes)>,
    started: Instant,
    /// The estimates of the passes run so far, added up.
    estimated_ms: f64,
    width: usize,
    height: usize,
}

impl Work {
    fn crop(&mut self, rect: Rect) -> &mut Planes {
        let index = match self.crops.iter().position(|(r, _)| *r == rect) {
            Some(index) => index,
            None => {
                let full = self.whole.get(Scale::Full, Filter::None).crop(rect);
                self.crops.push((rect, Planes::new(full)));
                self.crops.len() - 1
            }
        };
        &mut self.crops[index].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Kind, Rng, Scene, Symbol};

    /// Long enough that every pass fits: these tests check what runs, not how fast.
    const PLENTY: Duration = Duration::from_secs(60);

    fn id(seed: u64) -> DeviceId {
        DeviceId::with_check_character(&Rng(seed).id_body()).expect("a valid body")
    }

    fn render(kind: Kind, text: &str, scene: &Scene) -> Vec<u8> {
        scene.render(&Symbol::encode(kind, text))
    }

    fn scan(live: &mut LiveScanner, scene: &Scene, pixels: &[u8]) -> Result<DeviceId, ScanError> {
        let frame =
            GreyFrame::new(scene.width, scene.height, scene.width, pixels).expect("consistent");
        live.scan(&frame)
    }

    /// Makes every slot's estimate `whole_ms` over a whole `width`×`height` frame.
    fn pretend_costs(live: &mut LiveScanner, whole_ms: f64, width: usize, height: usize) {
        let megapixels = (width * height) as f64 / 1e6;
        for cost in &mut live.costs {
            *cost = Some(whole_ms / megapixels / MARGIN);
        }
    }

    #[test]
    fn a_plain_code_is_read_and_then_looked_for_where_it_was() {
        let id = id(21);
        let scene = Scene {
            centre: (0.3, 0.6),
            ..Scene::plain(640, 360, 100.0)
        };
        let pixels = render(Kind::Qr, id.as_str(), &scene);
        let mut live = LiveScanner::with_budget(PLENTY);
        assert_eq!(scan(&mut live, &scene, &pixels).ok(), Some(id));
        assert_eq!(scan(&mut live, &scene, &pixels).ok(), Some(id));
        match live.trace() {
            [(CHEAP, Target::Crop(rect))] => assert!(rect.contains(192, 216), "{rect:?}"),
            other => panic!("the second frame should be read on the crop first: {other:?}"),
        }
    }

    #[test]
    fn the_pass_that_read_recently_goes_first_where_the_code_was() {
        // Light on dark: only the inverted pass reads it.
        let id = id(22);
        let scene = Scene {
            ink: 220.0,
            paper: 30.0,
            centre: (0.7, 0.4),
            ..Scene::plain(640, 360, 110.0)
        };
        let pixels = render(Kind::Qr, id.as_str(), &scene);
        let mut live = LiveScanner::with_budget(PLENTY);
        // A pass or two per frame: the inverted one comes in turn.
        let read =
            (0..WHOLE.len() + CROP.len()).find_map(|_| scan(&mut live, &scene, &pixels).ok());
        assert_eq!(read, Some(id));
        let (slot, _) = *live.trace().last().expect("steps ran");
        assert_eq!(SLOTS[slot].pass.filter, Filter::Invert);
        assert_eq!(scan(&mut live, &scene, &pixels).ok(), Some(id));
        match live.trace() {
            [(first, Target::Crop(rect))] => {
                assert_eq!(*first, slot);
                assert!(rect.contains(448, 144), "{rect:?}");
            }
            other => panic!("expected the inverted pass on the crop alone: {other:?}"),
        }
    }

    #[test]
    fn the_expensive_passes_take_turns_across_frames_within_the_credit() {
        let blank = vec![128u8; 320 * 240];
        let scene = Scene::plain(320, 240, 0.0);
        // A frame brings 300 ms of credit; each pass is expected to take 600 ms, so one
        // fits every other frame after the cheap one.
        let budget_ms = 300.0 * CREDIT_SHARE;
        let mut live = LiveScanner::with_budget(Duration::from_secs_f64(budget_ms / 1000.0));
        live.clock = Clock::Estimated;
        let mut ran: Vec<usize> = Vec::new();
        let mut spent = 0.0;
        let frames = 2 * WHOLE.len();
        for _ in 0..frames {
            pretend_costs(&mut live, 600.0, 320, 240);
            live.costs[CHEAP] = Some(0.0);
            assert!(matches!(
                scan(&mut live, &scene, &blank),
                Err(ScanError::NoCode)
            ));
            let slots: Vec<usize> = live.trace().iter().map(|(slot, _)| *slot).collect();
            assert_eq!(slots[0], CHEAP);
            assert!(slots.len() <= 2, "one optional pass at most: {slots:?}");
            ran.extend(slots.get(1));
            spent += 600.0 * (slots.len() - 1) as f64;
        }
        assert!(
            spent <= 300.0 * frames as f64,
            "{spent} ms over {frames} frames"
        );
        assert_eq!(ran.len(), frames / 2, "{ran:?}");
        ran.sort_unstable();
        assert_eq!(ran, WHOLE, "every whole-frame pass had its turn, once");
    }

    #[test]
    fn a_pass_expected_to_overrun_the_budget_is_not_started_but_the_cheap_one_is() {
        let blank = vec![128u8; 320 * 240];
        let scene = Scene::plain(320, 240, 0.0);
        let mut live = LiveScanner::with_budget(Duration::from_millis(500));
        live.clock = Clock::Estimated;
        for _ in 0..5 {
            pretend_costs(&mut live, 900.0, 320, 240);
            assert!(scan(&mut live, &scene, &blank).is_err());
            assert_eq!(live.trace(), [(CHEAP, Target::Whole)]);
        }
        let mut zero = LiveScanner::with_budget(Duration::ZERO);
        assert!(scan(&mut zero, &scene, &blank).is_err());
        assert_eq!(zero.trace(), [(CHEAP, Target::Whole)]);
    }

    #[test]
    fn a_small_code_in_a_large_cluttered_frame_is_read_on_the_busiest_patch() {
        let id = id(23);
        let scene = Scene {
            centre: (0.75, 0.3),
            clutter: 25,
            noise: 5.0,
            blur: 1,
            rotation: 15.0,
            // About 3.5 pixels per module, blurred: the cheap pass misses it.
            ..Scene::plain(1280, 720, 75.0)
        };
        let pixels = render(Kind::Qr, id.as_str(), &scene);
        // No whole-frame pass but the cheap one fits (each is expected to take 600 ms), a
        // pass over a crop a tenth of the frame does.
        let mut live = LiveScanner::with_budget(Duration::from_millis(500));
        live.clock = Clock::Estimated;
        pretend_costs(&mut live, 600.0, 1280, 720);
        live.costs[CHEAP] = Some(0.0);
        assert_eq!(scan(&mut live, &scene, &pixels).ok(), Some(id));
        assert!(live
            .trace()
            .iter()
            .all(|(slot, target)| *slot == CHEAP || matches!(target, Target::Crop(_))));
        match live.trace().last() {
            Some((slot, Target::Crop(rect))) => {
                assert!(*slot == CROP_FIRST || CROP.contains(slot), "{slot}");
                assert!(rect.contains(960, 216), "{rect:?}");
            }
            other => panic!("expected a crop pass to read it: {other:?}"),
        }
    }

    #[test]
    fn every_frame_with_a_busy_patch_gets_the_enlarged_crop_pass_first() {
        // No code, but clutter: a busy patch every frame, and the pass that reads the
        // small codes of the first readable frames runs on it each time, not in turn.
        let scene = Scene {
            clutter: 30,
            noise: 6.0,
            ..Scene::plain(640, 360, 0.5)
        };
        let pixels = render(Kind::Qr, "X", &scene);
        let mut live = LiveScanner::with_budget(Duration::from_millis(500));
        live.clock = Clock::Estimated;
        for _ in 0..4 {
            pretend_costs(&mut live, 10.0, 640, 360);
            assert!(scan(&mut live, &scene, &pixels).is_err());
            let trace = live.trace();
            assert_eq!(trace[0], (CHEAP, Target::Whole));
            assert!(
                matches!(trace.get(1), Some((CROP_FIRST, Target::Crop(_)))),
                "{trace:?}"
            );
            assert_eq!(
                trace.iter().filter(|(slot, _)| *slot == CROP_FIRST).count(),
                1,
                "once a frame: {trace:?}"
            );
        }
    }

    #[test]
    fn an_id_with_a_wrong_check_character_is_never_returned() {
        let id = id(24);
        let last = id.as_str().as_bytes()[11];
        let text = format!(
            "{}{}",
            &id.as_str()[..11],
            if last == b'0' { '1' } else { '0' }
        );
        let scene = Scene::plain(640, 360, 120.0);
        let pixels = render(Kind::Qr, &text, &scene);
        let mut live = LiveScanner::default();
        for _ in 0..4 {
            assert!(matches!(
                scan(&mut live, &scene, &pixels),
                Err(ScanError::WrongCheckCharacter { .. })
            ));
        }
    }

    #[test]
    fn frames_without_a_code_give_no_code() {
        let scene = Scene {
            clutter: 30,
            noise: 6.0,
            ..Scene::plain(640, 360, 0.5)
        };
        let pixels = render(Kind::Qr, "X", &scene);
        let mut live = LiveScanner::with_budget(PLENTY);
        for _ in 0..3 {
            assert!(matches!(
                scan(&mut live, &scene, &pixels),
                Err(ScanError::NoCode)
            ));
        }
    }
}
