//! How wide the side panels may be, so the document keeps room to read:
//! at least [`MIN_COLUMNS`] characters a row. A narrow window first
//! narrows the panels, then hides the span panel, then the documents and
//! codebook panel. Pure arithmetic, tested without a window.

/// The fewest characters a document row keeps.
pub const MIN_COLUMNS: f32 = 40.0;
/// Below these widths a panel is hidden rather than squeezed.
pub const LEFT_MIN: f32 = 150.0;
pub const RIGHT_MIN: f32 = 180.0;
/// Room the document column needs besides its text: the view's margins,
/// the scroll bar and the panel frames.
const CHROME: f32 = 60.0;

/// Which side panels show, and the widest each may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanelPlan {
    pub left: Option<f32>,
    pub right: Option<f32>,
}

impl PanelPlan {
    /// `width`: the window's width; `char_width`: the document font's
    /// average character width; `left`/`right`: whether the user wants
    /// each panel.
    pub fn new(width: f32, char_width: f32, left: bool, right: bool) -> Self {
        let spare = width - (MIN_COLUMNS * char_width + CHROME);
        let (mut left, mut right) = (left, right);
        // Hide the span panel first, then the documents and codebook.
        if left && right && spare < LEFT_MIN + RIGHT_MIN {
            right = false;
        }
        if left && spare < LEFT_MIN {
            left = false;
        }
        if right && spare < RIGHT_MIN {
            right = false;
        }
        match (left, right) {
            (true, true) => {
                // Split what is spare in the proportion of the minimums.
                let share = spare / (LEFT_MIN + RIGHT_MIN);
                PanelPlan {
                    left: Some(LEFT_MIN * share),
                    right: Some(RIGHT_MIN * share),
                }
            }
            (true, false) => PanelPlan {
                left: Some(spare),
                right: None,
            },
            (false, true) => PanelPlan {
                left: None,
                right: Some(spare),
            },
            (false, false) => PanelPlan {
                left: None,
                right: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The width left to the document when both panels take their widest.
    fn document_width(width: f32, plan: PanelPlan) -> f32 {
        width - plan.left.unwrap_or(0.0) - plan.right.unwrap_or(0.0)
    }

    #[test]
    fn a_wide_window_keeps_both_panels_and_forty_columns() {
        for width in [800.0, 1024.0, 1920.0] {
            let plan = PanelPlan::new(width, 8.5, true, true);
            assert!(plan.left.is_some() && plan.right.is_some(), "{width}");
            assert!(document_width(width, plan) >= 40.0 * 8.5 + CHROME);
        }
    }

    #[test]
    fn a_narrow_window_hides_the_span_panel_first_then_the_codebook() {
        let plan = PanelPlan::new(640.0, 8.5, true, true);
        assert_eq!(plan.right, None);
        assert!(plan.left.is_some_and(|w| w >= LEFT_MIN));
        let plan = PanelPlan::new(500.0, 8.5, true, true);
        assert_eq!(
            plan,
            PanelPlan {
                left: None,
                right: None
            }
        );
        // Larger text needs more room for its forty columns.
        let plan = PanelPlan::new(800.0, 14.0, true, true);
        assert_eq!(plan.right, None);
        assert!(document_width(800.0, plan) >= 40.0 * 14.0 + CHROME);
    }

    #[test]
    fn a_panel_the_user_closed_stays_closed_and_the_other_gets_the_room() {
        let plan = PanelPlan::new(800.0, 8.5, false, true);
        assert_eq!(plan.left, None);
        assert_eq!(plan.right, Some(800.0 - 40.0 * 8.5 - CHROME));
    }
}
