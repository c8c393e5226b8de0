//! Every user action with its menu text and keyboard shortcut, in one
//! table that feeds the menus, the key handling and the Help window. The
//! menus are lists of actions ([`MENUS`]); the window answers whether each
//! is enabled and checked ([`ActionState`]).

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::Theme;
use crate::model::rules;

/// Something the user can do from a menu or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    Import,
    ImportDoccano,
    Export,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    YourName,
    Copy,
    DeleteSpan,
    NextSpan,
    PreviousSpan,
    ClearSelection,
    ToggleSnapping,
    MarkDone,
    Curation,
    FontBigger,
    FontSmaller,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleDarkMode,
    // bidi: readable spans
    ToggleSpanLabels,
    // Relations between spans.
    ToggleRelations,
    RelateSpan,
    // Teams: annotator lanes and the Agreement window.
    ToggleAnnotatorLanes,
    Agreement,
    // Keyboard and window size.
    ToggleLeftPanel,
    ToggleRightPanel,
    ToggleBuiltinFileDialog,
    Shortcuts,
    About,
    // Findings: a corpus, segments, analysis, report.
    ImportFolder,
    ShowSegments,
    ShowAnalysis,
    ExportReport,
    /// The recent messages in full.
    Messages,
    // Coding faster.
    CommandPalette,
    PickTheme,
    // Codebook exchange: merge another codebook by id.
    ImportCodebook,
    // Suggestions.
    Suggest,
    SuggestAll,
    ToggleSuggestOnOpen,
    NextSuggestion,
    PreviousSuggestion,
    AcceptSuggestion,
    AcceptThemeSuggestions,
    RejectSuggestion,
    // Memos.
    NewMemo,
    NewProjectMemo,
    ShowMemos,
}

/// An action's entry in the table.
pub struct ActionInfo {
    pub action: Action,
    pub label: &'static str,
    /// Shortcuts, the first shown in menus.
    pub shortcuts: &'static [KeyboardShortcut],
    /// Whether the shortcut also works while typing in a text field.
    pub while_typing: bool,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

macro_rules! action {
    ($action:ident, $label:expr, [$($sc:expr),*], $typing:expr) => {
        ActionInfo { action: Action::$action, label: $label, shortcuts: &[$($sc),*], while_typing: $typing }
    };
}

/// The table. Order matters for key handling: more specific shortcuts
/// (with more modifiers) come before the ones they contain.
pub const ACTIONS: &[ActionInfo] = &[
    action!(New, "New", [ctrl(Key::N)], true),
    action!(Open, "Open…", [ctrl(Key::O)], true),
    action!(SaveAs, "Save As…", [ctrl_shift(Key::S)], true),
    action!(Save, "Save", [ctrl(Key::S)], true),
    action!(Import, "Import…", [ctrl(Key::I)], true),
    action!(ImportDoccano, "Import doccano JSONL…", [], true),
    action!(Export, "Export…", [ctrl(Key::E)], true),
    action!(Quit, "Quit", [ctrl(Key::Q)], true),
    action!(Redo, "Redo", [ctrl_shift(Key::Z), ctrl(Key::Y)], false),
    action!(Undo, "Undo", [ctrl(Key::Z)], false),
    action!(Find, "Find", [ctrl(Key::F)], true),
    action!(FindPrevious, "Find Previous", [shift(Key::F3)], true),
    action!(FindNext, "Find Next", [plain(Key::F3)], true),
    action!(YourName, "Your Name…", [], true),
    action!(Copy, "Copy Selected Text", [ctrl(Key::C)], false),
    action!(
        DeleteSpan,
        "Delete Selected Span",
        [plain(Key::Delete)],
        false
    ),
    action!(NextSpan, "Next Span", [plain(Key::N)], false),
    action!(PreviousSpan, "Previous Span", [plain(Key::P)], false),
    action!(
        ClearSelection,
        "Close Find Bar / Clear Selection",
        [plain(Key::Escape)],
        false
    ),
    action!(ToggleSnapping, "Snap Selection to Words", [], false),
    action!(MarkDone, "Mark Done", [ctrl_shift(Key::D)], false),
    action!(Curation, "Curation", [plain(Key::F7)], true),
    // The document's text size is its own setting (View menu); Ctrl++ and
    // Ctrl+- scale the whole interface (egui's zoom).
    action!(FontBigger, "Larger Text", [], true),
    action!(FontSmaller, "Smaller Text", [], true),
    action!(
        ZoomIn,
        "Zoom In",
        [ctrl(Key::Plus), ctrl(Key::Equals)],
        true
    ),
    action!(ZoomOut, "Zoom Out", [ctrl(Key::Minus)], true),
    action!(ZoomReset, "Actual Size", [ctrl(Key::Num0)], true),
    action!(ToggleDarkMode, "Dark Mode", [], false),
    action!(ToggleSpanLabels, "Span Labels", [], false),
    action!(ToggleRelations, "Show Relations", [], false),
    action!(RelateSpan, "Relate Span To…", [plain(Key::R)], false),
    action!(ToggleAnnotatorLanes, "Annotator Lanes", [], false),
    action!(Agreement, "Agreement…", [], true),
    // Keyboard and window size.
    action!(
        ToggleLeftPanel,
        "Documents and Codebook Panel",
        [plain(Key::F9)],
        true
    ),
    action!(ToggleRightPanel, "Span Panel", [plain(Key::F10)], true),
    action!(ToggleBuiltinFileDialog, "Built-in File Dialog", [], true),
    action!(Shortcuts, "Keyboard Shortcuts", [plain(Key::F1)], true),
    action!(About, "About Marginalia", [], true),
    // Findings: a corpus, segments, analysis, report.
    action!(ImportFolder, "Import Folder…", [], true),
    action!(ShowSegments, "Segments", [ctrl_shift(Key::G)], false),
    action!(ShowAnalysis, "Analysis", [ctrl_shift(Key::A)], false),
    action!(ExportReport, "Export Report…", [], true),
    action!(Messages, "Messages", [], true),
    // Coding faster.
    action!(
        CommandPalette,
        "Command Palette…",
        [ctrl_shift(Key::P), ctrl(Key::K)],
        true
    ),
    action!(PickTheme, "Tag Selection As…", [plain(Key::Enter)], false),
    // Codebook exchange: merge another codebook by id.
    action!(ImportCodebook, "Import Codebook…", [], true),
    // Suggestions. Shift+F6 and Shift+F8 come before F6 and
    // F8, Ctrl+Shift+Enter before Ctrl+Enter (key matching ignores Shift
    // when a shortcut does not ask for it).
    action!(
        SuggestAll,
        "Suggest in All Documents",
        [shift(Key::F6)],
        true
    ),
    action!(Suggest, "Suggest", [plain(Key::F6)], true),
    action!(ToggleSuggestOnOpen, "Suggest on Open", [], true),
    action!(
        PreviousSuggestion,
        "Previous Suggestion",
        [shift(Key::F8)],
        false
    ),
    action!(NextSuggestion, "Next Suggestion", [plain(Key::F8)], false),
    action!(
        AcceptThemeSuggestions,
        "Accept All Suggestions of This Theme",
        [ctrl_shift(Key::Enter)],
        false
    ),
    action!(
        AcceptSuggestion,
        "Accept Suggestion",
        [ctrl(Key::Enter)],
        false
    ),
    action!(
        RejectSuggestion,
        "Reject Suggestion",
        [ctrl(Key::Delete), ctrl(Key::Backspace)],
        false
    ),
    // Memos.
    action!(NewMemo, "New Memo", [ctrl(Key::M)], true),
    action!(NewProjectMemo, "New Project Memo", [], true),
    action!(ShowMemos, "Memos", [ctrl_shift(Key::M)], true),
];

/// One line of a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Action(Action),
    Separator,
    /// The projects opened lately (a submenu).
    RecentProjects,
    /// The current text size, for information.
    TextSize,
}

use MenuItem::{Action as A, Separator as Sep};

/// The menu bar: each menu's title and lines, in order.
pub const MENUS: &[(&str, &[MenuItem])] = &[
    (
        "File",
        &[
            A(Action::New),
            A(Action::Open),
            MenuItem::RecentProjects,
            Sep,
            A(Action::Save),
            A(Action::SaveAs),
            Sep,
            A(Action::Import),
            A(Action::ImportFolder),
            A(Action::ImportDoccano),
            A(Action::ImportCodebook),
            A(Action::Export),
            A(Action::ExportReport),
            Sep,
            A(Action::Quit),
        ],
    ),
    (
        "Edit",
        &[
            A(Action::Undo),
            A(Action::Redo),
            Sep,
            A(Action::Copy),
            A(Action::Find),
            A(Action::FindNext),
            A(Action::FindPrevious),
            A(Action::YourName),
            Sep,
            A(Action::NextSpan),
            A(Action::PreviousSpan),
            A(Action::DeleteSpan),
            A(Action::RelateSpan),
            A(Action::ClearSelection),
            // Coding faster.
            Sep,
            A(Action::PickTheme),
            A(Action::CommandPalette),
            // Suggestions.
            Sep,
            A(Action::Suggest),
            A(Action::SuggestAll),
            A(Action::ToggleSuggestOnOpen),
            A(Action::NextSuggestion),
            A(Action::PreviousSuggestion),
            A(Action::AcceptSuggestion),
            A(Action::RejectSuggestion),
            A(Action::AcceptThemeSuggestions),
            // Memos.
            Sep,
            A(Action::NewMemo),
            A(Action::NewProjectMemo),
        ],
    ),
    (
        "View",
        &[
            A(Action::ShowSegments),
            A(Action::ShowAnalysis),
            A(Action::ShowMemos),
            A(Action::Messages),
            Sep,
            A(Action::ToggleSnapping),
            A(Action::ToggleDarkMode),
            A(Action::ToggleSpanLabels),
            A(Action::ToggleRelations),
            A(Action::ToggleAnnotatorLanes),
            // Keyboard and window size.
            Sep,
            A(Action::ToggleLeftPanel),
            A(Action::ToggleRightPanel),
            A(Action::ToggleBuiltinFileDialog),
            Sep,
            A(Action::FontBigger),
            A(Action::FontSmaller),
            MenuItem::TextSize,
            Sep,
            A(Action::ZoomIn),
            A(Action::ZoomOut),
            A(Action::ZoomReset),
        ],
    ),
    ("Document", &[A(Action::MarkDone)]),
    ("Team", &[A(Action::Agreement), A(Action::Curation)]),
    ("Help", &[A(Action::Shortcuts), A(Action::About)]),
];

/// What the window says about its actions right now.
pub trait ActionState {
    /// Whether the action can be carried out (menus grey it out if not).
    fn enabled(&self, action: Action) -> bool;
    /// `Some(on)` for an action that switches something on and off (the
    /// menu draws a check box), `None` for a plain command.
    fn checked(&self, action: Action) -> Option<bool>;
}

/// The table entry of an action.
pub fn info(action: Action) -> &'static ActionInfo {
    ACTIONS
        .iter()
        .find(|a| a.action == action)
        .expect("every action is in the table")
}

/// Human-readable text of an action's first shortcut ("Ctrl+S").
pub fn shortcut_text(ctx: &egui::Context, action: Action) -> String {
    info(action)
        .shortcuts
        .first()
        .map(|s| ctx.format_shortcut(s))
        .unwrap_or_default()
}

/// Takes the actions whose shortcuts were pressed this frame out of the
/// input queue. When a text field has focus only the shortcuts marked
/// `while_typing` fire, so typing "n" in a note never jumps spans.
pub fn pressed(ctx: &egui::Context) -> Vec<Action> {
    let typing = ctx.egui_wants_keyboard_input();
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        for a in ACTIONS {
            if typing && !a.while_typing {
                continue;
            }
            if a.shortcuts.iter().any(|s| input.consume_shortcut(s)) {
                out.push(a.action);
            }
        }
    });
    out
}

/// The keyboard key that types theme shortcut `c` (either case, with or
/// without Shift), or `None` when the model's rules say the window cannot
/// tell it apart ([`rules::key_is_typeable`]).
pub fn theme_key(c: char) -> Option<Key> {
    if !rules::key_is_typeable(c) {
        return None;
    }
    Key::from_name(&c.to_string())
}

/// The key presses that tag with a theme, in codebook order: (theme id,
/// key as shown, key). A theme's key is its own, else its position 1–9
/// when no theme claims that digit. Keys that never fire are left out, so
/// the Help window lists only what works: keys of the window's own
/// shortcuts (`n`, `p`), keys no keyboard key produces (`é`) and a key an
/// earlier theme has in either case (`A` after `a`).
pub fn theme_shortcuts(themes: &[Theme]) -> Vec<(String, char, Key)> {
    let claimed: Vec<char> = themes.iter().filter_map(|t| t.key).collect();
    let mut taken: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for (i, t) in themes.iter().enumerate() {
        let Some(c) = t.key.or_else(|| {
            let d = char::from_digit(i as u32 + 1, 10).filter(|_| i < 9)?;
            (!claimed.iter().any(|&k| rules::same_key(k, d))).then_some(d)
        }) else {
            continue;
        };
        if rules::reserved_by(c).is_some() {
            continue;
        }
        let Some(key) = theme_key(c) else {
            continue;
        };
        if taken.contains(&key) {
            continue;
        }
        taken.push(key);
        out.push((t.id.clone(), c, key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, RESERVED_THEME_KEYS};

    /// Every character, for exhaustive checks.
    fn all_chars() -> impl Iterator<Item = char> {
        (0..=char::MAX as u32).filter_map(char::from_u32)
    }

    /// Whether the action table uses `key` without Ctrl/Cmd: Shift and Alt
    /// do not count, since key matching ignores them.
    fn plain_shortcut_for(key: Key) -> Option<&'static str> {
        ACTIONS
            .iter()
            .find(|a| {
                a.shortcuts.iter().any(|s| {
                    s.logical_key == key
                        && !s.modifiers.ctrl
                        && !s.modifiers.command
                        && !s.modifiers.mac_cmd
                })
            })
            .map(|a| a.label)
    }

    #[test]
    fn the_models_reserved_keys_are_exactly_the_plain_shortcuts_of_the_table() {
        let mut from_table: Vec<(char, &str)> = all_chars()
            .filter(|&c| rules::key_is_typeable(c) && !c.is_uppercase())
            .filter_map(|c| Some((c, plain_shortcut_for(theme_key(c)?)?)))
            .collect();
        let mut model = RESERVED_THEME_KEYS.to_vec();
        from_table.sort_unstable();
        model.sort_unstable();
        assert_eq!(from_table, model);
    }

    #[test]
    fn every_key_the_model_accepts_is_its_own_keyboard_key() {
        let typeable: Vec<char> = all_chars().filter(|&c| rules::key_is_typeable(c)).collect();
        // 26 letters in two cases, 10 digits and the punctuation.
        assert_eq!(
            typeable.len(),
            26 * 2 + 10 + rules::THEME_KEY_PUNCTUATION.chars().count()
        );
        for &a in &typeable {
            let key = theme_key(a).unwrap_or_else(|| panic!("{a:?} has no egui key"));
            for &b in &typeable {
                assert_eq!(
                    theme_key(b) == Some(key),
                    rules::same_key(a, b),
                    "{a:?} and {b:?}: one key exactly when the model says so"
                );
            }
        }
        // And the model refuses no visible ASCII key that egui knows.
        for c in (b'!'..=b'~').map(char::from) {
            if Key::from_name(&c.to_string()).is_some() {
                assert!(rules::key_is_typeable(c), "{c:?} works but is refused");
            }
        }
    }

    fn theme(id: &str, key: Option<char>) -> Theme {
        Theme {
            id: id.into(),
            label: id.into(),
            color: Color::rgb(0, 0, 0),
            key,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        }
    }

    #[test]
    fn only_keys_that_fire_are_theme_shortcuts_and_the_first_theme_keeps_a_key() {
        let themes = [
            theme("a-lower", Some('a')),
            theme("by-position", None),
            theme("a-upper", Some('A')),
            theme("next", Some('n')),
            theme("accent", Some('é')),
            theme("question", Some('?')),
            theme("position-taken", None),
            theme("seven", Some('7')),
        ];
        let shortcuts = theme_shortcuts(&themes);
        let got: Vec<(&str, char, Key)> = shortcuts
            .iter()
            .map(|(id, c, k)| (id.as_str(), *c, *k))
            .collect();
        assert_eq!(
            got,
            [
                ("a-lower", 'a', Key::A),
                ("by-position", '2', Key::Num2),
                ("question", '?', Key::Questionmark),
                ("seven", '7', Key::Num7),
            ]
        );
    }

    #[test]
    fn every_action_in_the_table_is_in_exactly_one_menu() {
        for a in ACTIONS {
            let places = MENUS
                .iter()
                .flat_map(|(_, items)| items.iter())
                .filter(|item| **item == MenuItem::Action(a.action))
                .count();
            assert_eq!(
                places, 1,
                "{:?} ({}) is in {places} menus",
                a.action, a.label
            );
        }
    }

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let all: Vec<(&KeyboardShortcut, &str)> = ACTIONS
            .iter()
            .flat_map(|a| a.shortcuts.iter().map(move |s| (s, a.label)))
            .collect();
        for (i, (s, label)) in all.iter().enumerate() {
            for (t, other) in &all[i + 1..] {
                assert!(s != t, "{label} and {other} share a shortcut");
            }
        }
    }
}
