//! Pure data and rules: no I/O, no egui.

pub mod coding_rule;
pub mod edit;
pub mod index;
pub mod palette;
pub mod plural;
pub mod project;
pub mod rules;
pub mod text;
pub mod theme_lookup;

pub use coding_rule::{CodingRule, RuleError};
pub use edit::{Edit, EditError, History};
pub use index::SpanIndex;
pub use plural::{noun, plural};
pub use project::{
    AnnotatorState, Color, Document, LineEndings, Project, Source, SourceKind, Span, Suggestion,
    Theme, check_attribute, default_codebook, slug,
};
pub use rules::{RESERVED_THEME_KEYS, ThemeProblem, Warning};
pub use text::{LineCol, SourcePositions, Text};
pub use theme_lookup::UnknownTheme;
