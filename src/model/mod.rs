//! Pure data and rules: no I/O, no egui.

pub mod coding_rule;
pub mod color;
pub mod document;
pub mod edit;
pub mod index;
pub mod memo;
pub mod palette;
pub mod plural;
pub mod project;
pub mod relation;
pub mod relation_rules;
pub mod rules;
pub mod source;
pub mod span;
pub mod text;
pub mod theme;
pub mod theme_lookup;

pub use coding_rule::{CodingRule, RuleError};
pub use color::Color;
pub use document::{AnnotatorState, Document, check_attribute};
pub use edit::{Edit, EditError, History};
pub use index::SpanIndex;
pub use memo::{Memo, MemoLink, check_timestamp, timestamp};
pub use plural::{noun, plural};
pub use project::{Project, slug};
pub use relation::{Relation, RelationType, Relations, SpanRef};
pub use rules::{RESERVED_THEME_KEYS, ThemeProblem, Warning};
pub use source::{LineEndings, Source, SourceKind};
pub use span::{Span, Suggestion};
pub use text::{LineCol, SourcePositions, Text};
pub use theme::{Theme, default_codebook};
pub use theme_lookup::UnknownTheme;
