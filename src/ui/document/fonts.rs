//! Fonts: egui's defaults (Latin, Cyrillic, Greek, emoji) followed by the
//! system fonts that cover the scripts the open documents use.
//!
//! The system's own font database (fontconfig on Linux, CoreText on macOS,
//! DirectWrite on Windows) answers, through `egui_system_font_provider`
//! (fontique), which installed font covers a character that no loaded font
//! has: Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari, Thai, ...
//! A font is loaded (memory-mapped) only when a character of its script is
//! first laid out, so a document in Latin script never loads any.
//!
//! Listing the installed fonts and asking fontconfig for a script's fallback
//! takes a few hundred milliseconds the first time, mostly in loading the
//! font families tried. So the lookups run on a thread of their own, and a
//! frame waits for them at most [`FRAME_BUDGET`]: what is not found by then
//! is drawn as a box for a frame or two, and the window is repainted with
//! the real glyphs as soon as the lookup ends (as browsers swap in a web
//! font). Where a missing glyph is an error (egui's
//! [`egui::MissingGlyphPolicy::Panic`], which tests use), a frame waits for
//! every lookup.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use egui::epaint::text::{FallbackRequest, FontInsert, FontProvider};
use egui::{FontFamily, MissingGlyphPolicy};

/// The longest a frame waits for font lookups before it draws boxes and
/// lets the lookups finish in the background.
pub const FRAME_BUDGET: Duration = Duration::from_millis(40);

/// What a lookup is for: the family asked for and the first character of
/// the cluster.
type Key = (FontFamily, char);

/// Finds system fonts by coverage on a thread of its own; see the module
/// documentation.
pub struct CoverageFonts {
    shared: Arc<Shared>,
    jobs: mpsc::Sender<(FontFamily, String)>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    answered: Condvar,
}

#[derive(Default)]
struct State {
    /// Answers so far (a font, or none installed covers the character).
    found: HashMap<Key, Option<FontInsert>>,
    /// Lookups sent to the thread and not answered yet.
    queued: HashSet<Key>,
    /// Lookups a frame stopped waiting for (egui was told "none").
    gave_up: HashSet<Key>,
    /// A font was found for a lookup a frame gave up on: egui must ask
    /// again.
    ask_again: bool,
    /// When the current frame stops waiting; `None`: wait for every answer.
    deadline: Option<Instant>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic on the lookup thread must not take the window's fonts
        // with it: the state is a cache and stays usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl CoverageFonts {
    /// Starts listing the system fonts, and the thread that looks fonts up.
    pub fn new() -> Arc<Self> {
        let shared = Arc::new(Shared::default());
        let (jobs, inbox) = mpsc::channel::<(FontFamily, String)>();
        let worker = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("marginalia-fonts".into())
            .spawn(move || {
                let system = egui_system_font_provider::SystemFontProvider::new();
                // The fonts found so far: a frame that gave up asks for
                // every character of a script, and the font found for the
                // first one usually has the rest.
                let mut fonts: Vec<FontInsert> = Vec::new();
                // Ends when the provider (the sender) is dropped.
                for (family, cluster) in inbox {
                    let Some(c) = cluster.chars().next() else {
                        continue;
                    };
                    let font = fonts.iter().find(|f| covers(f, c)).cloned().or_else(|| {
                        let found = system.font_for(&FallbackRequest {
                            cluster: &cluster,
                            family: &family,
                        })?;
                        fonts.push(found.clone());
                        Some(found)
                    });
                    let key = (family, c);
                    let mut state = worker.lock();
                    state.queued.remove(&key);
                    if state.gave_up.remove(&key) && font.is_some() {
                        state.ask_again = true;
                    }
                    state.found.insert(key, font);
                    drop(state);
                    worker.answered.notify_all();
                }
            });
        if let Err(e) = spawned {
            // Without the thread every lookup answers "none": boxes, as
            // with no system fonts, rather than a window that hangs.
            eprintln!("marginalia: no thread to look up system fonts: {e}");
        }
        Arc::new(CoverageFonts { shared, jobs })
    }

    /// Called at the start of every frame: sets how long the frame may
    /// wait for lookups, and when a font was found for characters drawn as
    /// boxes, has egui ask for them again (and repaints).
    pub fn begin_frame(self: &Arc<Self>, ctx: &egui::Context) {
        let wait_for_all = ctx.missing_glyph_policy() == MissingGlyphPolicy::Panic;
        let (ask_again, busy) = {
            let mut state = self.shared.lock();
            state.deadline = (!wait_for_all).then(|| Instant::now() + FRAME_BUDGET);
            (
                std::mem::take(&mut state.ask_again),
                !state.queued.is_empty(),
            )
        };
        if ask_again {
            // Forgets egui's fallback chains (and the "none" answers in
            // them); the answers are cached here, so asking again is quick.
            let me: Arc<dyn FontProvider> = Arc::<Self>::clone(self);
            ctx.set_font_providers(vec![me]);
        }
        if busy {
            ctx.request_repaint_after(Duration::from_millis(15));
        }
    }

    /// Whether lookups are still running, or their fonts not yet in use.
    pub fn busy(&self) -> bool {
        let state = self.shared.lock();
        !state.queued.is_empty() || state.ask_again
    }
}

impl FontProvider for CoverageFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let key: Key = (request.family.clone(), c);
        let mut state = self.shared.lock();
        if let Some(found) = state.found.get(&key) {
            return found.clone();
        }
        if state.queued.insert(key.clone())
            && self
                .jobs
                .send((request.family.clone(), request.cluster.to_owned()))
                .is_err()
        {
            // The lookup thread is gone: nothing will answer.
            state.queued.remove(&key);
            return None;
        }
        loop {
            if let Some(found) = state.found.get(&key) {
                return found.clone();
            }
            state = match state.deadline {
                None => self
                    .shared
                    .answered
                    .wait(state)
                    .unwrap_or_else(|e| e.into_inner()),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        state.gave_up.insert(key);
                        return None;
                    }
                    self.shared
                        .answered
                        .wait_timeout(state, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
    }
}

/// Whether the font maps `c` to a glyph.
fn covers(font: &FontInsert, c: char) -> bool {
    use skrifa::MetadataProvider as _;
    let bytes: &[u8] = (*font.data.font).as_ref();
    skrifa::FontRef::from_index(bytes, font.data.index)
        .ok()
        .and_then(|f| f.charmap().map(c))
        .is_some_and(|g| g != skrifa::GlyphId::NOTDEF)
}

/// Lets the window find system fonts by coverage, for every family; the
/// app calls [`CoverageFonts::begin_frame`] on what this returns.
pub fn install(ctx: &egui::Context) -> Arc<CoverageFonts> {
    let fonts = CoverageFonts::new();
    ctx.add_font_provider(Arc::<CoverageFonts>::clone(&fonts));
    fonts
}

/// Whether some loaded font has a glyph for `c` (after laying out `c`
/// once, so a system font found for it counts).
pub fn has_glyph(ctx: &egui::Context, c: char) -> bool {
    ctx.fonts_mut(|f| {
        let font_id = egui::FontId::proportional(14.0);
        let job = egui::text::LayoutJob::simple_singleline(
            c.to_string(),
            font_id.clone(),
            egui::Color32::WHITE,
        );
        let _ = f.layout_job(job);
        f.has_glyph(&font_id, c)
    })
}

/// Tests only: has fontconfig see just the subsetted fonts shipped in
/// `tests/fonts/` (Arabic, Hebrew and Chinese, under the SIL Open Font
/// Licence), whatever the machine has installed, so the tests that find
/// fonts by coverage run the same discovery code and pass on a machine
/// with no fonts. fontconfig reads `FONTCONFIG_FILE` once, when the first
/// lookup starts: call this before any [`CoverageFonts::new`] in the
/// process. Later calls do nothing.
#[cfg(any(test, feature = "test-hooks"))]
pub fn use_test_fonts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let conf = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts/fonts.conf");
        // SAFETY: the environment is changed once, before this process
        // starts fontconfig (which reads it from C); Rust code reading the
        // environment meanwhile is serialised with this by the standard
        // library's own lock.
        unsafe { std::env::set_var("FONTCONFIG_FILE", conf) };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds right-to-left and Chinese characters through fontconfig, in
    /// the fonts shipped for the tests and in nothing else the machine
    /// has: each font found covers its character, and lacks a letter of
    /// its script that the tests never use (so it is the subset).
    #[test]
    fn arabic_hebrew_and_chinese_are_found_by_coverage_in_the_shipped_fonts() {
        use_test_fonts();
        let fonts = CoverageFonts::new();
        let family = FontFamily::Proportional;
        for (c, left_out, script) in [
            ('ع', 'ب', "Arabic"),
            ('ש', 'א', "Hebrew"),
            ('中', '一', "Chinese"),
        ] {
            let cluster = c.to_string();
            let request = FallbackRequest {
                cluster: &cluster,
                family: &family,
            };
            let found = fonts
                .font_for(&request)
                .unwrap_or_else(|| panic!("no {script} font found for {c:?} in tests/fonts"));
            assert!(covers(&found, c), "{script}: {}", found.name);
            assert!(
                !covers(&found, left_out),
                "{script}: {} has {left_out:?}, so it is not the shipped subset",
                found.name
            );
        }
    }

    /// A frame that gives up on a lookup draws a box; once the lookup
    /// ends, the next frame has egui ask again and gets the font from the
    /// cache without waiting.
    #[test]
    fn a_lookup_past_the_frame_budget_is_drawn_once_found() {
        use_test_fonts();
        let fonts = CoverageFonts::new();
        let family = FontFamily::Proportional;
        // A deadline already past: the frame does not wait at all.
        fonts.shared.lock().deadline = Some(Instant::now());
        let request = FallbackRequest {
            cluster: "ع",
            family: &family,
        };
        assert!(fonts.font_for(&request).is_none(), "no wait, no font yet");
        let start = Instant::now();
        while fonts.busy() && !fonts.shared.lock().ask_again {
            assert!(start.elapsed() < Duration::from_secs(20), "lookup hangs");
            std::thread::sleep(Duration::from_millis(5));
        }
        let state = fonts.shared.lock();
        let found = state.found.get(&(family.clone(), 'ع')).cloned().flatten();
        let ask_again = state.ask_again;
        drop(state);
        assert!(found.is_some(), "no font in tests/fonts covers Arabic");
        assert!(ask_again, "the window is told to ask egui again");
        let again = Instant::now();
        assert!(fonts.font_for(&request).is_some());
        assert!(again.elapsed() < Duration::from_millis(5), "from the cache");
    }
}
