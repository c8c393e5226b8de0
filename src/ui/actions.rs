//! Every user action with its menu text and keyboard shortcut, in one
//! table that feeds the menus, the key handling and the Help window.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can do from a menu or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    Import,
    Export,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    Copy,
    DeleteSpan,
    NextSpan,
    PreviousSpan,
    ClearSelection,
    ToggleSnapping,
    FontBigger,
    FontSmaller,
    ToggleDarkMode,
    Shortcuts,
    About,
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
    action!(Export, "Export…", [ctrl(Key::E)], true),
    action!(Quit, "Quit", [ctrl(Key::Q)], true),
    action!(Redo, "Redo", [ctrl_shift(Key::Z), ctrl(Key::Y)], false),
    action!(Undo, "Undo", [ctrl(Key::Z)], false),
    action!(Find, "Find", [ctrl(Key::F)], true),
    action!(FindPrevious, "Find Previous", [shift(Key::F3)], true),
    action!(FindNext, "Find Next", [plain(Key::F3)], true),
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
        "Clear Selection",
        [plain(Key::Escape)],
        false
    ),
    action!(ToggleSnapping, "Snap Selection to Words", [], false),
    action!(
        FontBigger,
        "Larger Text",
        [ctrl(Key::Plus), ctrl(Key::Equals)],
        true
    ),
    action!(FontSmaller, "Smaller Text", [ctrl(Key::Minus)], true),
    action!(ToggleDarkMode, "Dark Mode", [], false),
    action!(Shortcuts, "Keyboard Shortcuts", [plain(Key::F1)], true),
    action!(About, "About Marginalia", [], true),
];

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
