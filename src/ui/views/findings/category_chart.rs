//! A chart with one category per whole x value (a document, an attribute
//! value) and spans or coverage share up the y axis, with a label under
//! every category: egui_plot's own x axis drops labels it has no room
//! for, so the names are drawn here, level when they fit, else turned to
//! run downwards; a name too long even then keeps its start and its end
//! with "…" between (titles often differ only at the end: "… meeting 12"),
//! and each label has a tooltip (and an accessible name) giving the whole
//! name. When even turned labels would not fit, the chart grows wider than
//! the window and scrolls, with the legend at its left. The legend lists
//! the series in the order they were added (the codebook's), not
//! alphabetically.

use egui::{Color32, FontId, Rect, Sense, TextStyle, Ui, Vec2, WidgetInfo};
use egui_plot::{Corner, Legend, Plot, PlotUi};

/// Longest a turned label is drawn, at least (longer names are cut in the
/// middle); a tall view allows a third of its height.
const MAX_LABEL: f32 = 160.0;
/// Room the y axis and the plot's frame take beside the categories.
const Y_AXIS: f32 = 64.0;
/// Space between a label and the plot or the next level label.
const GAP: f32 = 6.0;
/// Space between two turned labels.
const TURNED_GAP: f32 = 2.0;

/// How the category labels are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Labels {
    /// Level, centred under each category.
    Level,
    /// Turned a quarter (reading downwards), `length` px long at most.
    Turned { length: f32 },
}

impl Labels {
    /// The labels for `widest` (the widest name) when each category has
    /// `slot` px and a turned label may be `longest` px.
    fn choose(widest: f32, slot: f32, longest: f32) -> Labels {
        if widest + GAP <= slot {
            Labels::Level
        } else {
            Labels::Turned {
                length: widest.min(longest.max(MAX_LABEL)),
            }
        }
    }

    /// Height of the strip under the plot.
    fn height(self, row: f32) -> f32 {
        match self {
            Labels::Level => row + GAP,
            Labels::Turned { length } => length + GAP,
        }
    }
}

/// Width the plot needs so that each of `n` categories has room for a
/// turned label (one text row and a gap), at least `available`.
fn plot_width(n: usize, row: f32, available: f32) -> f32 {
    available.max(n as f32 * (row + TURNED_GAP) + Y_AXIS)
}

/// A category chart filling the room left: `names[x]` under each whole x,
/// the series `add` draws, the legend in the order they are added.
pub fn show(
    ui: &mut Ui,
    id: &str,
    coverage: bool,
    names: &[String],
    add: impl FnOnce(&mut PlotUi),
) {
    let font = TextStyle::Body.resolve(ui.style());
    let row = ui.fonts_mut(|f| f.row_height(&font));
    let widest = names
        .iter()
        .map(|n| text_width(ui, n, &font))
        .fold(0.0, f32::max);
    let n = names.len().max(1);
    let width = plot_width(n, row, ui.available_width());
    let scrolls = width > ui.available_width();
    let longest = ui.available_height() / 3.0;
    let labels = Labels::choose(widest, (width - Y_AXIS) / n as f32, longest);
    let height = (ui.available_height() - labels.height(row) - 24.0).max(160.0);
    // A chart wider than the view starts at its left: the legend too.
    let corner = if scrolls {
        Corner::LeftTop
    } else {
        Corner::RightTop
    };
    egui::ScrollArea::horizontal()
        .id_salt((id, "scroll"))
        .show(ui, |ui| {
            let response = Plot::new(id)
                .legend(
                    Legend::default()
                        .follow_insertion_order(true)
                        .position(corner),
                )
                .width(width)
                .height(height)
                .allow_scroll(false)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_boxed_zoom(false)
                .show_axes([false, true])
                .show_grid([false, true])
                .include_x(-0.5)
                .include_x(n as f64 - 0.5)
                .set_margin_fraction(Vec2::new(0.0, 0.05))
                .y_axis_label(if coverage { "% of text" } else { "spans" })
                .show(ui, add);
            let t = response.transform;
            let (strip, _) = ui.allocate_exact_size(
                Vec2::new(response.response.rect.width(), labels.height(row)),
                Sense::hover(),
            );
            let frame = *t.frame();
            let slot = frame.width() / n as f32;
            for (i, name) in names.iter().enumerate() {
                let x = t.position_from_point_x(i as f64);
                let cell = Rect::from_x_y_ranges(x - slot / 2.0..=x + slot / 2.0, strip.y_range());
                if !ui.is_rect_visible(cell) {
                    continue;
                }
                draw_label(ui, labels, name, x, strip.top(), &font);
                let r = ui.interact(
                    cell,
                    ui.scope_id().with((id, "category", i)),
                    Sense::hover(),
                );
                r.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, name));
                r.on_hover_text(name);
            }
        });
}

fn text_width(ui: &Ui, text: &str, font: &FontId) -> f32 {
    ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font.clone(), Color32::PLACEHOLDER)
            .size()
            .x
    })
}

/// `name` whole if it is at most `max` px wide, else its start and end
/// with "…" between, as long as fits.
fn shortened(ui: &Ui, name: &str, max: f32, font: &FontId) -> String {
    if text_width(ui, name, font) <= max {
        return name.to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let cut = |keep: usize| -> String {
        let head = keep.div_ceil(2).max(keep * 3 / 5);
        let tail = keep - head.min(keep);
        let mut s: String = chars[..head].iter().collect();
        s.push('…');
        s.extend(&chars[chars.len() - tail..]);
        s
    };
    // The most characters kept that still fit (binary search).
    let (mut lo, mut hi) = (0, chars.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width(ui, &cut(mid), font) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// One category's name under x (its top at `top`), shortened to fit.
fn draw_label(ui: &Ui, labels: Labels, name: &str, x: f32, top: f32, font: &FontId) {
    let color = ui.visuals().text_color();
    let text = match labels {
        Labels::Level => name.to_owned(),
        Labels::Turned { length } => shortened(ui, name, length, font),
    };
    let galley = ui.fonts_mut(|f| f.layout_no_wrap(text, font.clone(), color));
    let size = galley.size();
    let shape = match labels {
        Labels::Level => egui::epaint::TextShape::new(
            egui::pos2(x - size.x / 2.0, top + GAP / 2.0),
            galley,
            color,
        ),
        // Turned clockwise about its top-left corner, the text runs down
        // and its rows extend to the left: shift right by half a row.
        Labels::Turned { .. } => {
            egui::epaint::TextShape::new(egui::pos2(x + size.y / 2.0, top + GAP), galley, color)
                .with_angle(std::f32::consts::FRAC_PI_2)
        }
    };
    ui.painter().add(shape);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fit_their_category_stay_level_and_longer_ones_turn_and_are_cut() {
        assert_eq!(Labels::choose(40.0, 80.0, 100.0), Labels::Level);
        assert_eq!(
            Labels::choose(75.0, 80.0, 100.0),
            Labels::Turned { length: 75.0 },
            "no room for the gap"
        );
        assert_eq!(
            Labels::choose(400.0, 80.0, 100.0),
            Labels::Turned { length: MAX_LABEL },
            "a low view still gives turned labels their minimum"
        );
        assert_eq!(
            Labels::choose(400.0, 80.0, 250.0),
            Labels::Turned { length: 250.0 },
            "a tall view gives them more"
        );
        assert_eq!(Labels::Level.height(16.0), 16.0 + GAP);
        assert_eq!(Labels::Turned { length: 90.0 }.height(16.0), 90.0 + GAP);
    }

    #[test]
    fn many_categories_widen_the_chart_so_each_has_a_row_of_room() {
        // 12 documents fit a 1000 px view; 200 need 200 rows and gaps.
        assert_eq!(plot_width(12, 16.0, 1000.0), 1000.0);
        let wide = plot_width(200, 16.0, 1000.0);
        assert_eq!(wide, 200.0 * (16.0 + TURNED_GAP) + Y_AXIS);
        assert!((wide - Y_AXIS) / 200.0 >= 16.0 + TURNED_GAP);
    }

    #[test]
    fn a_long_name_keeps_its_start_and_its_end() {
        let ctx = egui::Context::default();
        let mut got = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let font = TextStyle::Body.resolve(ui.style());
            let long = "joint-statement-of-the-foreign-ministers-meeting-12";
            got = vec![
                shortened(ui, "2020", 100.0, &font),
                shortened(ui, long, 1000.0, &font),
                shortened(ui, long, 160.0, &font),
            ];
            assert!(text_width(ui, &got[2], &font) <= 160.0, "{got:?}");
        });
        output.textures_delta.clear();
        assert_eq!(got[0], "2020");
        assert_eq!(
            got[1],
            "joint-statement-of-the-foreign-ministers-meeting-12"
        );
        assert!(
            got[2].starts_with("joint-st") && got[2].ends_with("ing-12"),
            "{got:?}"
        );
        assert_eq!(got[2].matches('…').count(), 1, "{got:?}");
    }
}
