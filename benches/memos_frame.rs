//! Headless frame benchmark of the Memos view: the real `MarginaliaApp`
//! on a project with 10,000 memos (linked to the project, the document,
//! themes and spans), the view open, driven headless by egui_kittest and
//! tessellated each frame as eframe does.
//!
//! It prints the median and slowest CPU time of a frame while the mouse
//! wheel scrolls the list (`scroll`) and with no input (`idle`), against
//! the 16.7 ms of a 60 Hz frame, and of the same window without the view
//! (`closed`) for comparison. Under `cargo test` it runs a short smoke pass on 500
//! memos.
//!
//! `cargo bench --bench memos_frame`

use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelUnit, Pos2, Vec2};
use egui_kittest::Harness;
use marginalia::model::{Document, Edit, Memo, MemoLink, Project, Span, SpanRef};
use marginalia::ui::{AppOptions, MarginaliaApp, Prefs, ScriptedDialogs};

const WIDTH: f32 = 1280.0;
const HEIGHT: f32 = 800.0;

/// One document with 200 spans and `n` memos, a fifth on each kind of
/// object, with texts of a few lines.
fn project(n: usize) -> Project {
    let mut p = Project::with_default_codebook("memos");
    let themes: Vec<String> = p.themes().iter().map(|t| t.id.clone()).collect();
    let text = "Trade rules and security cooperation. ".repeat(200);
    let spans: Vec<Span> = (0..200)
        .map(|i| Span::new(i * 38, i * 38 + 5, &themes[i % themes.len()], "bench"))
        .collect();
    let doc = Document::new("d", "Joint statement", text.as_str()).with_spans(spans.clone());
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .expect("the document is added");
    for i in 0..n {
        let link = match i % 4 {
            0 => MemoLink::Project,
            1 => MemoLink::Document { doc: "d".into() },
            2 => MemoLink::Theme {
                theme: themes[i % themes.len()].clone(),
            },
            _ => MemoLink::Span {
                doc: "d".into(),
                span: SpanRef::from(&spans[i % spans.len()]),
            },
        };
        let minute = i % 60;
        let hour = (i / 60) % 24;
        let day = 1 + (i / 1440) % 28;
        let now = format!("2026-11-{day:02}T{hour:02}:{minute:02}:00Z");
        let memo = Memo::new(
            format!("m{i}"),
            format!("Memo {i} on the reading"),
            format!("First line of memo {i}\nA second line about trade\nA third 😀"),
            if i % 3 == 0 { "ann" } else { "bob" },
            now,
        )
        .with_links([link]);
        Edit::AddMemo { index: i, memo }
            .apply(&mut p)
            .expect("the memo is added");
    }
    p
}

/// One frame with `events`, tessellated as eframe does before it hands
/// the triangles to the GPU; returns the CPU time it took.
fn frame(h: &mut Harness<'static, MarginaliaApp>, events: Vec<Event>) -> Duration {
    for e in events {
        h.event(e);
    }
    let t0 = Instant::now();
    h.step();
    let shapes = h.output().shapes.clone();
    let meshes = h.ctx.tessellate(shapes, h.output().pixels_per_point);
    let took = t0.elapsed();
    std::hint::black_box(meshes);
    took
}

/// The mouse wheel over the list (at the left of the centred window).
fn wheel(down: bool) -> Vec<Event> {
    vec![
        Event::PointerMoved(Pos2::new(WIDTH / 2.0 - 220.0, HEIGHT / 2.0)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: Vec2::new(0.0, if down { -60.0 } else { 60.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        },
    ]
}

/// Median and slowest of some durations, in milliseconds.
fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(v[v.len() / 2]), ms(*v.last().expect("samples")))
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let (memos, frames) = if quick { (500, 20) } else { (10_000, 300) };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("memos.ron");
    marginalia::store::save(&project(memos), &path).expect("the project is saved");
    let mut h = Harness::builder()
        .with_size([WIDTH, HEIGHT])
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project: Some(path),
                    prefs: Prefs {
                        annotator: "bench".into(),
                        ..Prefs::default()
                    },
                    dialogs: ScriptedDialogs::new(vec![]),
                    system_fonts: false,
                },
            )
        });
    while h.state().busy() {
        h.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(h.state().session().project().memos().len(), memos);
    // The same window without the view, for comparison.
    let closed: Vec<Duration> = (0..frames).map(|_| frame(&mut h, vec![])).collect();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::M);
    for _ in 0..10 {
        h.step();
    }
    assert!(h.state().memos_view().0, "the Memos view is open");
    let scroll: Vec<Duration> = (0..frames)
        .map(|i| frame(&mut h, wheel((i / 100) % 2 == 0)))
        .collect();
    let idle: Vec<Duration> = (0..frames).map(|_| frame(&mut h, vec![])).collect();
    println!(
        "Memos view, {memos} memos, {WIDTH}x{HEIGHT}{}",
        if quick {
            " (smoke run: `cargo bench --bench memos_frame` measures)"
        } else {
            ""
        }
    );
    println!(
        "{:<8} {:>10} {:>10}   target",
        "what", "median ms", "max ms"
    );
    for (what, v) in [("closed", closed), ("scroll", scroll), ("idle", idle)] {
        let (median, max) = stats(v);
        println!("{what:<8} {median:>10.2} {max:>10.2}   16.7 (60 Hz)");
    }
}
