//! The flags that name one relation, shared by `relate` and `unrelate`:
//! the document, its two ends (`S..E[:THEME]`, see `span_spec`) and the
//! type (id or label).

use marginalia::analysis::relations::resolve_type;
use marginalia::model::{Project, Relation};

use super::error::CliError;
use super::span_spec::{self, SpanSpec};

/// Which relation: document, ends and type.
#[derive(clap::Args)]
pub struct RelationArgs {
    /// Document id.
    #[arg(long)]
    pub doc: String,
    /// The from span: START..END (code points), with :THEME (id or label)
    /// when two spans share the range.
    #[arg(long, value_name = "S..E[:THEME]")]
    pub from: SpanSpec,
    /// The to span, written as --from.
    #[arg(long, value_name = "S..E[:THEME]")]
    pub to: SpanSpec,
    /// Relation type, by id or label.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: String,
}

impl RelationArgs {
    /// The relation these flags name, by `annotator`, with its ends found
    /// among the document's spans (a span by `annotator` preferred when
    /// several annotators' spans match) and put in order when the type is
    /// undirected. Refused, naming it, when the document, a span or the
    /// type does not exist or a span is ambiguous.
    pub fn relation(&self, project: &Project, annotator: &str) -> Result<Relation, CliError> {
        let from = span_spec::find(project, &self.doc, &self.from, Some(annotator))?;
        let to = span_spec::find(project, &self.doc, &self.to, Some(annotator))?;
        let kind = resolve_type(project, &self.kind)
            .map_err(|e| CliError::failed(format!("{e}; nothing was changed")))?;
        let directed = project.relation_type(kind).is_none_or(|t| t.directed);
        Ok(Relation::new(from, to, kind, annotator).normalised(directed))
    }
}
