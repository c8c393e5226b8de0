//! A theme's rules as written in the codebook: a word or phrase, or a
//! regex written between slashes (`/arms? control/`). Parsing checks what
//! the project file and every edit must refuse: an empty rule, a regex
//! that does not parse (with the character where it fails) and a rule
//! that matches the empty string (it could never make a span).
//!
//! Matching itself lives in `analysis::matching`; this module only says
//! what a rule means.

use thiserror::Error;

/// One parsed theme rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodingRule {
    /// A word or phrase: matches whole words, ignoring case (Unicode
    /// simple case folding), as `tag-all --text R --whole-word` does.
    Words(String),
    /// A regex (the `regex` crate's syntax), written `/.../` in the
    /// codebook: matches case-sensitively, as `tag-all --regex R
    /// --case-sensitive` does, unless it says `(?i)` itself.
    Regex(String),
}

/// Why a rule (or a `tag-all` pattern) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error("a rule cannot be empty or only white space")]
    Empty,
    #[error("the regex {pattern:?} is invalid at character {column}: {problem}")]
    InvalidRegex {
        pattern: String,
        /// 1-based position of the offending character in the pattern.
        column: usize,
        problem: String,
    },
    #[error("the regex {pattern:?} is invalid: {problem}")]
    RegexTooBig { pattern: String, problem: String },
    #[error(
        "the regex {pattern:?} matches the empty string, so it cannot mark any text; make it match at least one character"
    )]
    MatchesEmpty { pattern: String },
}

impl CodingRule {
    /// Parses a rule as written in the codebook: `/.../` (at least one
    /// character between the slashes) is a regex, anything else words.
    pub fn parse(written: &str) -> Result<CodingRule, RuleError> {
        if written.trim().is_empty() {
            return Err(RuleError::Empty);
        }
        match written
            .strip_prefix('/')
            .and_then(|rest| rest.strip_suffix('/'))
        {
            Some(pattern) if written.len() >= 2 => {
                check_regex(pattern, false)?;
                Ok(CodingRule::Regex(pattern.to_owned()))
            }
            _ => Ok(CodingRule::Words(written.to_owned())),
        }
    }

    /// The rule as the codebook writes it.
    pub fn written(&self) -> String {
        match self {
            CodingRule::Words(w) => w.clone(),
            CodingRule::Regex(r) => format!("/{r}/"),
        }
    }
}

/// Checks that `pattern` is a regex the `regex` crate accepts and that it
/// cannot match the empty string; the error names the character where
/// parsing fails and the problem.
pub fn check_regex(pattern: &str, case_insensitive: bool) -> Result<(), RuleError> {
    let invalid = |offset: usize, problem: String| RuleError::InvalidRegex {
        pattern: pattern.to_owned(),
        column: pattern[..offset.min(pattern.len())].chars().count() + 1,
        problem,
    };
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| invalid(e.span().start.offset, e.kind().to_string()))?;
    let hir = regex_syntax::hir::translate::TranslatorBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .translate(pattern, &ast)
        .map_err(|e| invalid(e.span().start.offset, e.kind().to_string()))?;
    match hir.properties().minimum_len() {
        Some(0) => Err(RuleError::MatchesEmpty {
            pattern: pattern.to_owned(),
        }),
        // An empty class: the regex can never match, so it cannot make
        // spans either.
        None => Err(RuleError::InvalidRegex {
            pattern: pattern.to_owned(),
            column: 1,
            problem: "it can never match anything".into(),
        }),
        Some(_) => Ok(()),
    }
}

/// The first rule in `rules` that cannot be used, with why.
pub fn check_rules(rules: &[String]) -> Option<(String, RuleError)> {
    rules
        .iter()
        .find_map(|r| CodingRule::parse(r).err().map(|e| (r.clone(), e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashes_make_a_regex_and_anything_else_words() {
        assert_eq!(
            CodingRule::parse("arms control"),
            Ok(CodingRule::Words("arms control".into()))
        );
        assert_eq!(
            CodingRule::parse("/arms? control/"),
            Ok(CodingRule::Regex("arms? control".into()))
        );
        // A lone slash, or one at one end only, is a word.
        assert_eq!(CodingRule::parse("/"), Ok(CodingRule::Words("/".into())));
        assert_eq!(
            CodingRule::parse("and/or"),
            Ok(CodingRule::Words("and/or".into()))
        );
        assert_eq!(CodingRule::parse("/x/").unwrap().written(), "/x/");
    }

    #[test]
    fn an_invalid_regex_names_its_position_and_the_problem() {
        let err = CodingRule::parse("/Санкци(и|я/").unwrap_err();
        let RuleError::InvalidRegex {
            column, problem, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        // The unclosed group opens at the 7th character (after 6 Cyrillic).
        assert_eq!(*column, 7, "{err}");
        assert!(problem.contains("unclosed group"), "{problem}");
        let err = CodingRule::parse("/a{2,1}/").unwrap_err().to_string();
        assert!(err.contains("at character 2"), "{err}");
        assert!(err.contains("invalid"), "{err}");
    }

    #[test]
    fn rules_that_match_the_empty_string_are_refused() {
        for rule in ["//", "/a*/", "/\\b/", "/^/", "/(?:x|)/"] {
            assert!(
                matches!(CodingRule::parse(rule), Err(RuleError::MatchesEmpty { .. })),
                "{rule}: {:?}",
                CodingRule::parse(rule)
            );
        }
        assert_eq!(CodingRule::parse("  "), Err(RuleError::Empty));
        assert!(CodingRule::parse("/a+/").is_ok());
        assert!(CodingRule::parse("/[^\\s\\S]/").is_err());
    }
}
