//! Pure data and rules: no I/O, no egui.

pub mod edit;
pub mod index;
pub mod project;
pub mod rules;
pub mod text;

pub use edit::{Edit, EditError, History};
pub use index::SpanIndex;
pub use project::{
    AnnotatorState, Color, Document, LineEndings, Project, Source, Span, Theme, check_attribute,
    default_codebook, slug,
};
pub use rules::{RESERVED_THEME_KEYS, ThemeProblem, Warning};
pub use text::{LineCol, SourcePositions, Text};
