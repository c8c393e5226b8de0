//! Headless frame benchmark of the window: the real `MarginaliaApp` on a
//! generated project, driven through `egui::Context::run_ui` and
//! tessellated each frame, exactly as eframe does before it hands the
//! triangles to the GPU (no GPU, no display needed).
//!
//! For each size (10 kB / 100 spans, 1 MB / 10k spans, 10 MB / 100k spans)
//! it prints the median (and the slowest) CPU time of:
//!
//! - `launch`: process start to the first painted (tessellated) frame,
//!   measured in a fresh child process; a project of 1 MB or more is read
//!   on a worker thread, so that frame shows the progress window;
//! - `shown`: process start to the first frame that paints the document
//!   (the project read and checked);
//! - `rss`, `rss/file`: the child's resident memory once the document is
//!   shown, and that divided by the size of the project file (text +
//!   spans);
//! - `scroll`: frames while the mouse wheel scrolls through the document,
//!   and `idle`: frames with no input;
//! - `tag` / `untag`: the frame in which a theme key tags the selection
//!   (edit, index update, span list and codebook, paint), and the one in
//!   which Delete removes that span again;
//! - `resize`: the frame after the window changes width (re-wrap);
//! - `jump`: the frame after jumping to a span far away (start ↔ end);
//! - `find_type` / `find_show` / `find_jump`: the frame after typing a
//!   letter into the find bar, the frames from a pause in typing until the
//!   matches are shown (in a document over 1 MB the search runs on a
//!   worker thread meanwhile), and the frame after F3 jumps to the next
//!   match.
//!
//! - `curation` / `cur_step` / `cur_accept`: with the Curation view open on
//!   a document tagged by three annotators (each size's span count per
//!   annotator, a fifth of them their own), a frame with no input, the
//!   frame after J steps to the next disagreement, and the two frames
//!   after A accepts one (edit, then disagreements recomputed, painted).
//! - `corpus`: the steady frame (idle and scrolling the document) of a
//!   project of 1,000 documents (10 kB and 100 spans each, 12 themes: 10 MB
//!   and 100k spans in all) against the same window on a project holding
//!   one of those documents, frames scrolling the documents list, and the
//!   Analysis view's frames (no input, and the wheel over it).
//!
//! - `fonts`: the cost of finding system fonts by coverage: process start
//!   to the multilingual note (Arabic, Hebrew, Chinese, Japanese, Korean,
//!   Devanagari, Thai) shown, with the system fonts on and off, and the
//!   difference of the medians (`fontcost`).
//!
//! - `sugg0` / `sugg10k` / `sugg_idle` / `sugg_step`: the 10 MB document
//!   scrolled without suggestions and with 10k of them (dashed outlines
//!   and the suggestions list), idle with them, and the frame after F8
//!   steps to the next suggestion (`-- suggestions`).
//! - `rel0` / `rel20k`: the 10 MB document scrolled without relations and
//!   with 20k of them, and the ratio (`-- relations`, in `frame/relations.rs`).
//!
//! `cargo bench --bench frame` (all sizes) or `cargo bench --bench frame --
//! 10mb` (or `-- corpus`); `-- coding` measures only the big codebook (500
//! themes against 4), the command palette and the theme picker. Under `cargo test` it runs a short smoke pass on 10 kB only.

#[path = "support/generate.rs"]
mod generate;
#[path = "frame/relations.rs"]
mod relations;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use eframe::App as _;
use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, Rect, Vec2};
use generate::{SEED, SIZES, Size};
use marginalia::model::{Color, Document, Edit, Project, Span, Suggestion, Theme};
use marginalia::store;
use marginalia::ui::{AppOptions, MarginaliaApp, Prefs, ScriptedDialogs};

const WIDTH: f32 = 1280.0;
const HEIGHT: f32 = 820.0;

/// The app and its headless "window".
struct Window {
    ctx: egui::Context,
    frame: eframe::Frame,
    app: MarginaliaApp,
    size: Vec2,
    time: f64,
    events: Vec<Event>,
    /// The shapes of the last frame (to check what was painted).
    last_text: Vec<String>,
}

/// A corpus of `docs` generated documents of 10 kB and 100 spans each on a
/// 12-theme codebook.
fn corpus(docs: usize) -> marginalia::model::Project {
    let one = Size {
        name: "doc",
        text_bytes: 10_000,
        spans: 100,
        themes: 12,
    };
    let themes = generate::themes(one.themes);
    let mut project = marginalia::model::Project::new(format!("Corpus of {docs}"), themes.clone());
    let mut rng = generate::Rng::new(SEED);
    for index in 0..docs {
        let text = generate::text(one.text_bytes, &mut rng);
        let spans = generate::spans(&text, one.spans, &themes, &mut rng);
        let document = marginalia::model::Document::new(
            format!("statement-{index:04}"),
            format!("Statement {}", index + 1),
            text,
        )
        .with_spans(spans)
        .with_attributes([("year", (2001 + index % 20).to_string())]);
        marginalia::model::Edit::AddDocument {
            index,
            document: Box::new(document),
        }
        .apply(&mut project)
        .expect("generated spans fit the generated text");
    }
    project
}

fn prefs() -> Prefs {
    Prefs {
        annotator: "bench".into(),
        snap_to_words: false,
        ..Prefs::default()
    }
}

impl Window {
    fn open(project: Option<PathBuf>, system_fonts: bool) -> Window {
        let ctx = egui::Context::default();
        let app = MarginaliaApp::new(
            &ctx,
            AppOptions {
                project,
                prefs: prefs(),
                dialogs: ScriptedDialogs::new(vec![]),
                system_fonts,
            },
        );
        Window {
            ctx,
            frame: eframe::Frame::_new_kittest(),
            app,
            size: Vec2::new(WIDTH, HEIGHT),
            time: 0.0,
            events: Vec::new(),
            last_text: Vec::new(),
        }
    }

    /// Runs one frame with the queued events and tessellates its output;
    /// returns the CPU time it took.
    fn frame(&mut self) -> Duration {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, self.size)),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            focused: true,
            events: std::mem::take(&mut self.events),
            ..Default::default()
        };
        let t0 = Instant::now();
        let mut out = self.ctx.run_ui(input, |ui| {
            self.app.logic(ui.ctx(), &mut self.frame);
            self.app.ui(ui, &mut self.frame);
        });
        let ran = t0.elapsed();
        // What was painted (not timed), to check that a jump shows its target.
        self.last_text = out
            .shapes
            .iter()
            .filter_map(|s| match &s.shape {
                egui::Shape::Text(t) => Some(t.galley.text().to_owned()),
                _ => None,
            })
            .collect();
        let t1 = Instant::now();
        let meshes = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        let took = ran + t1.elapsed();
        std::hint::black_box(meshes);
        // The font atlas changes a GPU would upload: nothing to upload to.
        out.textures_delta.clear();
        took
    }

    /// Runs frames until no work runs on a worker thread (the project is
    /// open).
    fn wait_idle(&mut self) {
        while self.app.busy() {
            self.frame();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Runs frames until egui asks for no more repaints (at most `max`).
    fn settle(&mut self, max: usize) {
        for _ in 0..max {
            self.frame();
            if !self.ctx.has_requested_repaint() {
                break;
            }
        }
    }

    fn key(&mut self, key: Key, modifiers: Modifiers) {
        for pressed in [true, false] {
            self.events.push(Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers,
            });
        }
    }

    fn painted(&self, needle: &str) -> bool {
        self.last_text.iter().any(|t| t.contains(needle))
    }

    fn document_center(&self) -> Pos2 {
        // Between the left (240) and right (320) panels.
        Pos2::new(240.0 + (self.size.x - 560.0) / 2.0, self.size.y / 2.0)
    }
}

/// Median and maximum of some durations, in milliseconds.
fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(v[v.len() / 2]),
        ms(*v.last().expect("at least one sample")),
    )
}

/// A line of the report.
struct Row {
    size: &'static str,
    what: &'static str,
    median: f64,
    max: f64,
    unit: &'static str,
    note: String,
}

/// The target for a measure, if it has one.
fn target(what: &str, size: &str) -> Option<f64> {
    Some(match what {
        // A fixed ~28 MiB (egui, fonts) dominates the small projects.
        "rss/file" if size != "10mb" => return None,
        "launch" | "shown" => 1500.0,
        "scroll" | "scroll@" | "idle" | "tag" | "untag" | "find_show" | "curation" | "cur_step"
        | "analysis" | "list" => 4.0,
        "palette" | "picker" => 4.0,
        "sugg10k" | "sugg_idle" | "sugg_step" => 4.0,
        "resize" => 50.0,
        "fontcost" => 100.0,
        // One frame at 60 Hz, layout of the target region included.
        "jump" | "find_jump" => 1000.0 / 60.0,
        "rss/file" => 4.0,
        _ => return None,
    })
}

fn report(rows: &[Row], quick: bool) {
    println!();
    if quick {
        println!(
            "smoke run (a test build, not a measurement): `cargo bench --bench frame` measures"
        );
    }
    println!(
        "{:<6} {:<10} {:>11} {:>11} {:>9}  note",
        "size", "measure", "median", "max", "target"
    );
    for r in rows {
        let verdict = match target(r.what, r.size).filter(|_| !quick) {
            Some(t) if r.median <= t => format!("≤{t:.0} ok"),
            Some(t) => format!("≤{t:.0} MISS"),
            None => "-".into(),
        };
        println!(
            "{:<6} {:<10} {:>8.2}{:<3} {:>8.2}{:<3} {:>9}  {}",
            r.size, r.what, r.median, r.unit, r.max, r.unit, verdict, r.note
        );
    }
    let scroll = |size: &str, what: &str| {
        rows.iter()
            .find(|r| r.size == size && r.what == what)
            .map(|r| r.median)
    };
    if let (Some(large), Some(small)) = (scroll("10mb", "scroll"), scroll("10kb", "scroll")) {
        let same = scroll("10kb", "scroll@").unwrap_or(small);
        let ratio = large / same;
        println!(
            "scroll frame at 10 MB / at 10 kB with the same codebook: {ratio:.2}× (target ≤ 2×: {}); \
             against the 10 kB project's own 4-theme codebook: {:.2}×",
            if ratio <= 2.0 { "ok" } else { "MISS" },
            large / small
        );
    }
}

fn push(rows: &mut Vec<Row>, size: Size, what: &'static str, samples: Vec<Duration>, note: String) {
    let (median, max) = stats(samples);
    rows.push(Row {
        size: size.name,
        what,
        median,
        max,
        unit: "ms",
        note,
    });
}

/// A word of the text near code point `at`, to find the line on screen.
fn probe(text: &str, start: usize) -> String {
    text.chars()
        .skip(start)
        .take(24)
        .collect::<String>()
        .split('\n')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn bench_size(size: Size, dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let t = Instant::now();
    let project = generate::project(size, SEED);
    let file = dir.join(format!("{}.ron", size.name));
    store::save(&project, &file).expect("saving the generated project");
    let file_bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{}: generated and saved in {:.1} s ({} bytes)",
        size.name,
        t.elapsed().as_secs_f64(),
        file_bytes
    );
    let doc = &project.documents()[0];
    let text = doc.text().as_str().to_owned();
    let spans: Vec<Span> = doc.spans().spans().to_vec();
    drop(project);

    // Launch and memory, each in a fresh process.
    let launches = if quick { 1 } else { 5 };
    let mut launch = Vec::new();
    let mut shown = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..launches {
        let (first, doc, kb) = child_launch(Some(&file));
        launch.push(first);
        shown.push(doc);
        rss.push(kb);
    }
    push(
        rows,
        size,
        "launch",
        launch,
        "process start → first painted frame".into(),
    );
    push(
        rows,
        size,
        "shown",
        shown,
        "process start → first frame painting the document".into(),
    );
    let (_, _, empty_kb) = child_launch(None);
    rss.sort();
    let kb = rss[rss.len() / 2];
    let mib = |kb: u64| kb as f64 / 1024.0;
    rows.push(Row {
        size: size.name,
        what: "rss",
        median: mib(kb),
        max: mib(*rss.last().expect("a launch")),
        unit: "MiB",
        note: format!(
            "resident with the document shown; {:.1} MiB without a project (fonts, egui)",
            mib(empty_kb)
        ),
    });
    rows.push(Row {
        size: size.name,
        what: "rss/file",
        median: (kb as f64 * 1024.0) / file_bytes as f64,
        max: (kb.saturating_sub(empty_kb) as f64 * 1024.0) / file_bytes as f64,
        unit: "×",
        note: format!(
            "resident memory / project file ({:.1} MiB: text + spans); max column: \
             what the project adds / file",
            file_bytes as f64 / 1048576.0
        ),
    });

    // Frames in this process.
    let mut w = Window::open(Some(file.clone()), true);
    w.wait_idle();
    let first = w.frame();
    w.settle(20);
    eprintln!(
        "{}: first frame in-process {:.1} ms",
        size.name,
        first.as_secs_f64() * 1e3
    );
    let n = if quick { 5 } else { 240 };

    let scroll = scroll_frames(&mut w, n);
    w.settle(60);
    let mut idle = Vec::new();
    for _ in 0..n.min(60) {
        idle.push(w.frame());
    }
    push(
        rows,
        size,
        "scroll",
        scroll,
        "wheel, 60 pt per frame".into(),
    );
    push(rows, size, "idle", idle, "a frame with no input".into());

    // Jumps between a span near the start and one near the end.
    let far = [
        spans[spans.len() / 50].clone(),
        spans[spans.len() - 2].clone(),
    ];
    let mut jump = Vec::new();
    let mut visible = 0;
    let jumps = if quick { 2 } else { 20 };
    for i in 0..jumps {
        let s = far[i % 2].clone();
        let ctx = w.ctx.clone();
        w.app.jump_to_span(&ctx, s.clone());
        jump.push(w.frame());
        if w.painted(&probe(&text, s.start)) {
            visible += 1;
        }
        w.settle(90);
    }
    push(
        rows,
        size,
        "jump",
        jump,
        format!("span start ↔ end; target painted after 1 frame in {visible}/{jumps}"),
    );

    // Tag and untag: select near the span on screen, press its key, then
    // Delete the new span.
    let mut tag = Vec::new();
    let mut untag = Vec::new();
    let rounds = if quick { 2 } else { 30 };
    let anchor = far[1].start.saturating_sub(400);
    for i in 0..rounds {
        let a = anchor + 7 * i;
        w.app.select(a, a + 11);
        w.frame();
        let before = w.app.session().project().documents()[0].spans().len();
        w.key(Key::Num1, Modifiers::NONE);
        tag.push(w.frame());
        let after = w.app.session().project().documents()[0].spans().len();
        assert_eq!(after, before + 1, "the key tags the selection");
        w.frame();
        w.key(Key::Delete, Modifiers::NONE);
        untag.push(w.frame());
        let again = w.app.session().project().documents()[0].spans().len();
        assert_eq!(again, before, "Delete removes the selected span");
        w.frame();
    }
    push(
        rows,
        size,
        "tag",
        tag,
        "key press → span added, index, lists, painted".into(),
    );
    push(
        rows,
        size,
        "untag",
        untag,
        "Delete → span removed, painted".into(),
    );

    // Resize: alternate between two widths.
    let mut resize = Vec::new();
    for i in 0..(if quick { 2 } else { 20 }) {
        w.size = Vec2::new(if i % 2 == 0 { 1000.0 } else { WIDTH }, HEIGHT);
        resize.push(w.frame());
        w.settle(30);
    }
    push(
        rows,
        size,
        "resize",
        resize,
        "1280 ↔ 1000 pt wide: re-wrap".into(),
    );

    // Find: open the bar, type a query, then jump through the matches.
    w.key(Key::F, Modifiers::COMMAND);
    w.frame();
    w.frame();
    let mut typed = Vec::new();
    let query = "zusammenarbeit";
    for (i, c) in query.chars().enumerate() {
        w.events.push(Event::Text(c.to_string()));
        let t = w.frame();
        if i >= 2 {
            typed.push(t);
        }
        if quick && i >= 3 {
            break;
        }
    }
    // Typing pauses: the search runs (on a worker thread in a document
    // over 1 MB) while frames go on; time every frame until the matches
    // are shown, and the wall time from the pause to that frame.
    std::thread::sleep(Duration::from_millis(160));
    let pause = Instant::now();
    let mut shown = vec![w.frame()];
    while w.app.busy() {
        std::thread::sleep(Duration::from_millis(2));
        shown.push(w.frame());
    }
    shown.push(w.frame());
    let search_wall = pause.elapsed();
    let matches = w.app.find_matches().len();
    let mut find_jump = Vec::new();
    for _ in 0..(if quick { 2 } else { 20 }) {
        // Shift+Enter from the end goes backwards: alternate far apart.
        w.key(Key::F3, Modifiers::NONE);
        find_jump.push(w.frame());
        w.settle(90);
    }
    push(
        rows,
        size,
        "find_type",
        typed,
        "one more letter typed (over 1 MB the search waits for a pause)".into(),
    );
    let frames = shown.len();
    push(
        rows,
        size,
        "find_show",
        shown,
        format!(
            "the {frames} frames from the typing pause to the {matches} matches shown, {:.0} ms in all",
            search_wall.as_secs_f64() * 1000.0
        ),
    );
    push(rows, size, "find_jump", find_jump, "F3: next match".into());
}

/// One document of `size` tagged by three annotators with `size.spans`
/// spans each: four fifths shared, one fifth each annotator's own.
fn team_project(size: Size) -> Project {
    let mut rng = generate::Rng::new(SEED ^ 0xc0de);
    let themes = generate::themes(size.themes);
    let text = generate::text(size.text_bytes, &mut rng);
    let shared = generate::spans(&text, size.spans, &themes, &mut rng);
    let mut all = Vec::with_capacity(3 * size.spans);
    for who in ["ann", "bo", "cy"] {
        let own = generate::spans(&text, size.spans / 5, &themes, &mut rng);
        let kept = shared.iter().filter(|_| !rng.chance(0.2));
        for s in kept.chain(own.iter()).take(size.spans) {
            let mut s = s.clone();
            s.annotator = who.to_owned();
            all.push(s);
        }
    }
    let mut project = Project::new("team", themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("big", "Big", text).with_spans(all)),
    }
    .apply(&mut project)
    .expect("generated spans fit");
    project
}

/// The Curation view's frames on a three-annotator document of `size`.
fn bench_curation(size: Size, dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let project = team_project(size);
    let spans = project.documents()[0].spans().len();
    let file = dir.join(format!("team-{}.ron", size.name));
    store::save(&project, &file).expect("saving the team project");
    drop(project);
    let mut w = Window::open(Some(file), true);
    w.wait_idle();
    w.frame();
    let t = Instant::now();
    w.key(Key::F7, Modifiers::NONE);
    let open = w.frame();
    let (_, total) = w
        .app
        .curation_progress()
        .expect("the Curation view is open");
    eprintln!(
        "{}: curation opened in {:.1} ms ({:.1} ms wall), {total} disagreements among {spans} spans",
        size.name,
        open.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    w.settle(20);
    let n = if quick { 5 } else { 240 };
    let mut idle = Vec::new();
    for _ in 0..n {
        idle.push(w.frame());
    }
    let mut step = Vec::new();
    for i in 0..(if quick { 4 } else { 120 }) {
        // J forward, then K back, so the list scrolls both ways.
        let key = if (i / 30) % 2 == 0 { Key::J } else { Key::K };
        w.key(key, Modifiers::NONE);
        step.push(w.frame());
    }
    let mut accept = Vec::new();
    for _ in 0..(if quick { 2 } else { 10 }) {
        // The edit is applied in the key's frame, the disagreements are
        // recomputed in the next: both count.
        w.key(Key::A, Modifiers::NONE);
        accept.push(w.frame() + w.frame());
    }
    let (resolved, _) = w.app.curation_progress().expect("still open");
    assert!(resolved > 0, "A accepted disagreements");
    push(
        rows,
        size,
        "curation",
        idle,
        format!("Curation view open, no input; 3 annotators, {spans} spans, {total} disagreements"),
    );
    push(
        rows,
        size,
        "cur_step",
        step,
        "J/K: next/previous disagreement".into(),
    );
    push(
        rows,
        size,
        "cur_accept",
        accept,
        "A: accept, its frame and the next (edit, disagreements recomputed)".into(),
    );
}

/// Scrolls with the mouse wheel over the document, 60 pt per frame, 80
/// frames down then 80 back up, and so on; returns each frame's time.
fn scroll_frames(w: &mut Window, n: usize) -> Vec<Duration> {
    let center = w.document_center();
    w.events.push(Event::PointerMoved(center));
    w.frame();
    let mut scroll = Vec::new();
    for i in 0..n {
        let down = (i / 80) % 2 == 0;
        w.events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: Vec2::new(0.0, if down { -60.0 } else { 60.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        scroll.push(w.frame());
    }
    scroll
}

/// The scroll frame of the small text with the large project's codebook:
/// the frame cost of the same window on a 1000× shorter document (the
/// codebook panel's rows cost frame time of their own).
fn scroll_control(small: Size, large: Size, dir: &Path, rows: &mut Vec<Row>) {
    let size = Size {
        themes: large.themes,
        ..small
    };
    let file = dir.join("control.ron");
    store::save(&generate::project(size, SEED), &file).expect("saving the control project");
    let mut w = Window::open(Some(file), true);
    w.wait_idle();
    w.frame();
    w.settle(20);
    let samples = scroll_frames(&mut w, 240);
    let (median, max) = stats(samples);
    rows.push(Row {
        size: small.name,
        what: "scroll@",
        median,
        max,
        unit: "ms",
        note: format!(
            "scroll frame of the {} text with the {}-theme codebook of {}",
            small.name, large.themes, large.name
        ),
    });
}

/// A codebook of `n` themes, a tree three levels deep (each top theme
/// with children, each child with grandchildren), the first nine keyed.
fn big_codebook(n: usize) -> Vec<Theme> {
    let base = generate::themes(1).remove(0);
    (0..n)
        .map(|i| {
            let mut t = base.clone();
            t.id = format!("theme-{i:03}");
            t.label = format!(
                "Theme {i:03} {}",
                ["Security", "Health", "Trade", "Law"][i % 4]
            );
            t.key = char::from_digit(i as u32 + 1, 10).filter(|_| i < 9);
            t.color = Color::rgb((i * 37 % 256) as u8, (i * 91 % 256) as u8, 120);
            tree_parent(&mut t, i);
            t
        })
        .collect()
}

/// Theme `i`'s parent in a tree three levels deep: 20 top themes, each
/// with 4 children, each of those with the rest spread under them.
fn tree_parent(t: &mut Theme, i: usize) {
    t.parent = match i {
        0..20 => None,
        20..100 => Some(format!("theme-{:03}", (i - 20) / 4)),
        _ => Some(format!("theme-{:03}", 20 + (i - 100) % 80)),
    };
}

/// The 10 kB project with another codebook and `docs` more short
/// documents, saved to `dir/name.ron`.
fn coding_project(dir: &Path, name: &str, themes: usize, docs: usize) -> PathBuf {
    let size = generate::SIZES[0];
    let mut project = generate::project(size, SEED);
    if themes > size.themes {
        let mut codebook = big_codebook(themes);
        let old = project.themes().to_vec();
        // The generated spans keep their themes (first in the codebook).
        codebook.splice(0..0, old);
        let doc = project.documents()[0].clone();
        project = Project::new(project.name().to_owned(), codebook);
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .expect("the document fits");
    }
    for i in 0..docs {
        Edit::AddDocument {
            index: project.documents().len(),
            document: Box::new(Document::new(
                format!("extra-{i:04}"),
                format!("Interview {i:04}"),
                format!("Interview {i} about arms control 🚀 and trade.\n"),
            )),
        }
        .apply(&mut project)
        .expect("a new document");
    }
    let file = dir.join(format!("{name}.ron"));
    store::save(&project, &file).expect("saving the codebook project");
    file
}

/// The window with a big codebook: the steady (scroll) frame with 500
/// themes in a tree against 4 themes, and the frames of the command
/// palette and the theme picker with 500 themes and 1000 documents.
fn coding_frames(dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let n = if quick { 5 } else { 240 };
    let size = generate::SIZES[0];
    let mut steady = Vec::new();
    for (name, themes) in [("themes4", 4), ("themes500", 500)] {
        let mut w = Window::open(Some(coding_project(dir, name, themes, 0)), true);
        w.wait_idle();
        w.frame();
        w.settle(20);
        let (median, max) = stats(scroll_frames(&mut w, n));
        steady.push(median);
        rows.push(Row {
            size: size.name,
            what: if themes == 4 {
                "codebook4"
            } else {
                "codebook500"
            },
            median,
            max,
            unit: "ms",
            note: format!("scroll frame with {themes} themes (a tree three levels deep)"),
        });
    }
    let ratio = steady[1] / steady[0];
    println!(
        "codebook of 500 themes / 4 themes, steady frame: {ratio:.2}× (target ≤ 1.5×: {})",
        if ratio <= 1.5 { "ok" } else { "MISS" }
    );

    let mut w = Window::open(Some(coding_project(dir, "palette", 500, 1000)), true);
    w.wait_idle();
    w.frame();
    w.settle(20);
    let mut palette = Vec::new();
    let rounds = if quick { 1 } else { 10 };
    for _ in 0..rounds {
        w.key(Key::K, Modifiers::COMMAND);
        palette.push(w.frame());
        for c in "tag sec".chars() {
            w.events.push(Event::Text(c.to_string()));
            palette.push(w.frame());
        }
        for _ in 0..5 {
            w.key(Key::ArrowDown, Modifiers::NONE);
            palette.push(w.frame());
        }
        for _ in 0..10 {
            palette.push(w.frame());
        }
        w.key(Key::Escape, Modifiers::NONE);
        w.frame();
        w.settle(20);
    }
    push(
        rows,
        size,
        "palette",
        palette,
        "500 themes + 1000 documents: open, type, arrow keys, idle".into(),
    );
    let mut picker = Vec::new();
    for i in 0..rounds {
        w.app.select(10 + i, 30 + i);
        w.frame();
        w.key(Key::Enter, Modifiers::NONE);
        picker.push(w.frame());
        for c in "law".chars() {
            w.events.push(Event::Text(c.to_string()));
            picker.push(w.frame());
        }
        for _ in 0..10 {
            picker.push(w.frame());
        }
        w.key(Key::Escape, Modifiers::NONE);
        w.frame();
        w.settle(20);
    }
    push(
        rows,
        size,
        "picker",
        picker,
        "500 themes: open beside the selection, type, idle".into(),
    );
}

/// The steady frame of the 10 MB document with 10k suggestions (dashed
/// outlines, the suggestions list) against the same document without
/// them, and the frame after F8 steps to the next suggestion
/// (`cargo bench --bench frame -- suggestions`).
fn bench_suggestions(dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let (size, count) = if quick {
        (SIZES[0], 100)
    } else {
        (SIZES[2], 10_000)
    };
    let n = if quick { 5 } else { 240 };
    let mut project = generate::project(size, SEED);
    let none = dir.join("suggestions-none.ron");
    store::save(&project, &none).expect("saving the generated project");
    let doc = &project.documents()[0];
    let text = doc.text();
    let themes: Vec<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let step = text.len_chars() / count;
    let mut suggestions: Vec<Suggestion> = (0..count)
        .filter_map(|i| {
            let a = i * step;
            let (s, e) = text.trim_range(a, (a + 9).min(text.len_chars()))?;
            Some(Suggestion::new(s, e, &themes[i % themes.len()]))
        })
        .collect();
    suggestions.sort();
    suggestions.dedup();
    let made = suggestions.len();
    let id = doc.id.clone();
    Edit::AddSuggestions {
        doc: id,
        suggestions,
    }
    .apply(&mut project)
    .expect("adding the suggestions");
    let with = dir.join("suggestions.ron");
    store::save(&project, &with).expect("saving the generated project");
    drop(project);
    for (what, file) in [("sugg0", &none), ("sugg10k", &with)] {
        let mut w = Window::open(Some(file.clone()), true);
        w.wait_idle();
        w.frame();
        w.settle(20);
        let scroll = scroll_frames(&mut w, n);
        push(
            rows,
            size,
            what,
            scroll,
            if what == "sugg0" {
                "scroll frame, no suggestions (the control)".into()
            } else {
                format!("scroll frame with {made} suggestions (dashed outlines, list)")
            },
        );
        if what == "sugg0" {
            continue;
        }
        w.settle(60);
        let idle: Vec<Duration> = (0..n.min(60)).map(|_| w.frame()).collect();
        push(
            rows,
            size,
            "sugg_idle",
            idle,
            format!("idle frame with {made} suggestions"),
        );
        let mut stepped = Vec::new();
        for _ in 0..n.min(40) {
            w.key(Key::F8, Modifiers::NONE);
            stepped.push(w.frame());
            w.settle(5);
        }
        assert!(
            w.app.current_suggestion_shown().is_some(),
            "F8 went to a suggestion"
        );
        push(
            rows,
            size,
            "sugg_step",
            stepped,
            "the frame after F8 steps to the next suggestion".into(),
        );
    }
}

/// Scrolling and idle frames on a 1 MB document whose every other line is
/// Arabic (`cargo bench --bench frame -- 1mb-ar`): the right-to-left layout
/// (UAX #9 reordering, pieces shaped one by one) must keep the frame target.
fn bench_half_arabic(dir: &Path, rows: &mut Vec<Row>) {
    let size = Size {
        name: "1mb-ar",
        text_bytes: 1_000_000,
        spans: 10_000,
        themes: 8,
    };
    let file = dir.join("half-arabic.ron");
    store::save(&generate::half_arabic(size, SEED), &file).expect("saving the half-Arabic project");
    let mut w = Window::open(Some(file), true);
    w.wait_idle();
    w.frame();
    w.settle(20);
    let scroll = scroll_frames(&mut w, 240);
    push(
        rows,
        size,
        "scroll",
        scroll,
        "wheel scrolling, half the lines right to left".into(),
    );
    w.settle(20);
    let idle = (0..60).map(|_| w.frame()).collect();
    push(rows, size, "idle", idle, "no input".into());
}

/// A note with a line in each of the scripts egui's own fonts lack.
const MULTILINGUAL: &str = "The statement, in the languages of its readers:\n\
    وقالت منظمة الصحة العالمية إن الأمن الصحي أولوية مشتركة.\n\
    ארגון הבריאות העולמי אמר כי ביטחון בריאותי הוא עדיפות משותפת.\n\
    中国外交部表示，全球卫生安全需要各国合作。\n\
    世界保健機関は、保健安全保障が共通の優先事項だと述べた。\n\
    세계보건기구는 보건 안보가 공동의 우선순위라고 말했다.\n\
    विश्व स्वास्थ्य संगठन ने कहा कि स्वास्थ्य सुरक्षा साझा प्राथमिकता है।\n\
    องค์การอนามัยโลกกล่าวว่าความมั่นคงด้านสุขภาพเป็นสิ่งสำคัญร่วมกัน\n";

/// What finding fonts by coverage costs the first frame that shows the
/// multilingual note: process start to the document shown, in fresh child
/// processes with the system fonts on and off (alternating, so both see
/// the same disk cache), and the difference of the medians.
fn bench_fonts(dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let size = Size {
        name: "note",
        text_bytes: MULTILINGUAL.len(),
        spans: 0,
        themes: 4,
    };
    let file = dir.join("multilingual.ron");
    let mut p = Project::with_default_codebook("Multilingual note");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("note", "Note", MULTILINGUAL.to_owned())),
    }
    .apply(&mut p)
    .expect("adding the note");
    store::save(&p, &file).expect("saving the multilingual note");
    let runs = if quick { 1 } else { 15 };
    let (mut with, mut without, mut glyphs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        without.push(child_launch_with(Some(&file), false).1);
        let (_, shown, _, all) = child_launch_with(Some(&file), true);
        with.push(shown);
        glyphs.push(all);
    }
    let (w, _) = stats(with.clone());
    let (wo, _) = stats(without.clone());
    push(
        rows,
        size,
        "shown",
        with,
        "8 scripts, system fonts found by coverage".into(),
    );
    push(
        rows,
        size,
        "shown-",
        without,
        "the same without system fonts (boxes)".into(),
    );
    push(
        rows,
        size,
        "glyphs",
        glyphs,
        "until every script has its system font (no box left)".into(),
    );
    rows.push(Row {
        size: size.name,
        what: "fontcost",
        median: w - wo,
        max: w - wo,
        unit: "ms",
        note: "difference of the two medians above".into(),
    });
}

/// One frame with the wheel turned over the point the pointer is at:
/// down for 80 frames, then up for 80, and so on.
fn wheel_frame(w: &mut Window, i: usize) -> Duration {
    let down = (i / 80) % 2 == 0;
    w.events.push(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: Vec2::new(0.0, if down { -60.0 } else { 60.0 }),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    w.frame()
}

/// The steady frame with 1,000 documents against the frame with one.
fn bench_corpus(dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let docs = if quick { 50 } else { 1000 };
    let size = Size {
        name: "corpus",
        text_bytes: 0,
        spans: 0,
        themes: 12,
    };
    let one = dir.join("corpus-1.ron");
    let many = dir.join("corpus-many.ron");
    store::save(&corpus(1), &one).expect("saving the one-document corpus");
    store::save(&corpus(docs), &many).expect("saving the corpus");
    let n = if quick { 5 } else { 240 };
    // Both windows open at once and measured in alternation, a block of
    // frames each in turn, so that whatever else runs on the machine
    // weighs on both alike and the ratio compares like with like.
    let mut windows: Vec<Window> = [&one, &many]
        .into_iter()
        .map(|file| {
            let mut w = Window::open(Some(file.clone()), true);
            w.wait_idle();
            w.frame();
            w.settle(20);
            let center = w.document_center();
            w.events.push(Event::PointerMoved(center));
            w.frame();
            w
        })
        .collect();
    const BLOCK: usize = 20;
    let mut scroll = [Vec::new(), Vec::new()];
    for start in (0..n).step_by(BLOCK) {
        for (w, frames) in windows.iter_mut().zip(&mut scroll) {
            for i in start..(start + BLOCK).min(n) {
                frames.push(wheel_frame(w, i));
            }
        }
    }
    for w in &mut windows {
        w.settle(60);
    }
    let mut idle = [Vec::new(), Vec::new()];
    for start in (0..n.min(120)).step_by(BLOCK) {
        for (w, frames) in windows.iter_mut().zip(&mut idle) {
            for _ in start..(start + BLOCK).min(n.min(120)) {
                frames.push(w.frame());
            }
        }
    }
    let mut medians = Vec::new();
    let labels = [("idle@1", "scroll@1"), ("idle", "scroll")];
    for (((w, idle), scroll), (what_idle, what_scroll)) in
        windows.iter().zip(idle).zip(scroll).zip(labels)
    {
        let count = match w.app.session().project().documents().len() {
            1 => "1 document".to_owned(),
            n => format!("{n} documents"),
        };
        let (i, _) = stats(idle.clone());
        let (s, _) = stats(scroll.clone());
        medians.push((i, s));
        push(rows, size, what_idle, idle, format!("{count}, no input"));
        push(
            rows,
            size,
            what_scroll,
            scroll,
            format!("{count}, wheel over the text"),
        );
    }
    {
        let w = &mut windows[1];
        let count = w.app.session().project().documents().len();
        if count > 1 {
            // The wheel over the documents list (left panel, top half).
            let list = Pos2::new(120.0, 200.0);
            w.events.push(Event::PointerMoved(list));
            w.frame();
            let list_scroll = (0..n).map(|i| wheel_frame(w, i)).collect();
            push(
                rows,
                size,
                "list",
                list_scroll,
                format!("{count} documents, wheel over the documents list"),
            );
            // The Analysis view (Ctrl+Shift+A): its matrices are computed
            // once on opening; then the steady frame, and the frames of the
            // wheel over its tables and charts.
            let shift = Modifiers {
                shift: true,
                ..Modifiers::COMMAND
            };
            w.key(Key::A, shift);
            let opened = w.frame();
            w.settle(60);
            assert!(
                w.painted("Co-occurrence") || w.painted("co-occurrence"),
                "the Analysis view did not open"
            );
            let idle: Vec<Duration> = (0..n.min(120)).map(|_| w.frame()).collect();
            push(
                rows,
                size,
                "analysis",
                idle,
                format!(
                    "{count} documents, Analysis view, no input (opening: {:.1} ms)",
                    opened.as_secs_f64() * 1e3
                ),
            );
            let center = w.document_center();
            w.events.push(Event::PointerMoved(center));
            w.frame();
            let wheel = (0..n).map(|i| wheel_frame(w, i)).collect();
            push(
                rows,
                size,
                "analysis",
                wheel,
                format!("{count} documents, Analysis view, wheel over it"),
            );
        }
    }
    if let [(i1, s1), (im, sm)] = medians[..] {
        println!(
            "corpus: idle frame {docs} documents / 1 document: {:.2}×, scroll frame: {:.2}× (target ≤ 1.5×)",
            im / i1,
            sm / s1
        );
    }
}

/// Launches the app in a child process (this binary with `--child`),
/// returning its times to the first painted frame and to the document
/// shown, and its resident memory.
fn child_launch(project: Option<&Path>) -> (Duration, Duration, u64) {
    let (first, shown, kb, _) = child_launch_with(project, true);
    (first, shown, kb)
}

/// [`child_launch`], with the system fonts on or off; also the time until
/// every system font looked up is in use (no more boxes).
fn child_launch_with(
    project: Option<&Path>,
    system_fonts: bool,
) -> (Duration, Duration, u64, Duration) {
    let exe = std::env::current_exe().expect("this benchmark's executable");
    let mut cmd = Command::new(exe);
    cmd.arg(if system_fonts {
        "--child"
    } else {
        "--child-no-system-fonts"
    });
    if let Some(p) = project {
        cmd.arg(p);
    }
    let out = cmd.output().expect("running the child");
    assert!(
        out.status.success(),
        "child: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    let mut it = line.split_whitespace();
    let mut us = || -> Duration {
        Duration::from_micros(
            it.next()
                .and_then(|s| s.parse().ok())
                .expect("microseconds"),
        )
    };
    let (first, shown, kb, glyphs) = (us(), us(), us(), us());
    (first, shown, kb.as_micros() as u64, glyphs)
}

/// The child: open the window on the project, paint one frame, paint
/// until the document is shown; print the times since the process started
/// and the resident set size.
fn child(project: Option<PathBuf>, system_fonts: bool, start: Instant) {
    let mut w = Window::open(project, system_fonts);
    w.frame();
    let first = start.elapsed();
    w.wait_idle();
    w.frame();
    let shown = start.elapsed();
    while w.app.fonts_busy() {
        std::thread::sleep(Duration::from_millis(2));
        w.frame();
    }
    w.frame();
    let glyphs = start.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    println!(
        "{} {} {kb} {}",
        first.as_micros(),
        shown.as_micros(),
        glyphs.as_micros()
    );
}

fn main() {
    let start = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--child") => return child(args.get(1).map(PathBuf::from), true, start),
        Some("--child-no-system-fonts") => {
            return child(args.get(1).map(PathBuf::from), false, start);
        }
        _ => {}
    }
    let quick = !args.iter().any(|a| a == "--bench");
    let wanted: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let sizes: Vec<Size> = SIZES
        .iter()
        .copied()
        .filter(|s| {
            if quick {
                s.name == "10kb"
            } else {
                wanted.is_empty() || wanted.iter().any(|w| s.name.eq_ignore_ascii_case(w))
            }
        })
        .collect();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut rows = Vec::new();
    let curation_only = args.iter().any(|a| a == "--curation");
    let corpus_only = wanted.iter().any(|w| w.eq_ignore_ascii_case("corpus"));
    // `-- coding`: only the codebook, palette and picker frames.
    let only_coding = wanted == ["coding"];
    if !curation_only && !only_coding && (quick || corpus_only || wanted.is_empty()) {
        bench_corpus(dir.path(), quick, &mut rows);
    }
    for &size in sizes.iter().filter(|_| !corpus_only && !only_coding) {
        if !curation_only {
            bench_size(size, dir.path(), quick, &mut rows);
        }
        bench_curation(size, dir.path(), quick, &mut rows);
    }
    if !curation_only && (quick || only_coding || wanted.is_empty()) {
        coding_frames(dir.path(), quick, &mut rows);
    }
    if !quick
        && !curation_only
        && !only_coding
        && let (Some(small), Some(large)) = (
            sizes.iter().find(|s| s.name == "10kb"),
            sizes.iter().find(|s| s.name == "10mb"),
        )
    {
        scroll_control(*small, *large, dir.path(), &mut rows);
    }
    if !curation_only
        && (quick
            || wanted.is_empty()
            || wanted.iter().any(|w| w.eq_ignore_ascii_case("suggestions")))
    {
        bench_suggestions(dir.path(), quick, &mut rows);
    }
    if quick || wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case("relations")) {
        relations::bench_relations(dir.path(), quick, &mut rows);
    }
    if !quick && (wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case("1mb-ar"))) {
        bench_half_arabic(dir.path(), &mut rows);
    }
    if wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case("fonts")) {
        bench_fonts(dir.path(), quick, &mut rows);
    }
    report(&rows, quick);
}
