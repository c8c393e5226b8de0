//! Coding from the command line: `tag-all`, `suggest` and the codebook
//! commands `theme add|edit|list|merge`. Every command that writes checks
//! all its input first: on an error it prints why, exits 1 and leaves the
//! project file as it was.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use marginalia::analysis::matching::{self, Matcher, Query};
use marginalia::model::palette::unused_color;
use marginalia::model::{Color, Edit, Project, Theme, plural, slug};

/// Commands that code text: tag every match, run the rules, edit the codebook.
#[derive(Subcommand)]
pub enum CodingCommand {
    /// Tag every match of a text or regex with a theme, as one change;
    /// matches already tagged with the theme are skipped. Prints
    /// "N spans added" (or "N spans would be added" with --dry-run).
    TagAll {
        project: PathBuf,
        /// Theme id or label.
        #[arg(long)]
        theme: String,
        /// Literal text to find.
        #[arg(long, required_unless_present = "regex", conflicts_with = "regex")]
        text: Option<String>,
        /// A regex (the Rust `regex` crate's syntax).
        #[arg(long)]
        regex: Option<String>,
        /// Match case exactly (default: ignore case, by Unicode simple case folding).
        #[arg(long)]
        case_sensitive: bool,
        /// Only matches that start and end at word boundaries (UAX #29).
        #[arg(long)]
        whole_word: bool,
        /// Only this document (repeatable; default: all).
        #[arg(long = "doc")]
        docs: Vec<String>,
        /// Who makes the spans (default: $MARGINALIA_ANNOTATOR, else $USER).
        #[arg(long)]
        annotator: Option<String>,
        /// Count what would be added; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Run the themes' rules and save what they propose as suggestions
    /// (or, with --accept-all, add them as spans); prints each one.
    Suggest {
        project: PathBuf,
        /// Only this document (repeatable; default: all).
        #[arg(long = "doc")]
        docs: Vec<String>,
        /// Accept every suggestion as a span.
        #[arg(long)]
        accept_all: bool,
        /// Who makes accepted spans (default: $MARGINALIA_ANNOTATOR, else $USER).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Edit or list the codebook.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

/// `marginalia theme ...`.
#[derive(Subcommand)]
pub enum ThemeCommand {
    /// Add a theme to the codebook.
    Add {
        project: PathBuf,
        #[arg(long)]
        label: String,
        /// Stable id (default: made from the label).
        #[arg(long)]
        id: Option<String>,
        /// Colour #rrggbb (default: one no theme uses yet).
        #[arg(long)]
        color: Option<String>,
        /// Single-key shortcut in the window.
        #[arg(long)]
        key: Option<String>,
        /// Parent theme (id or label).
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// A word, phrase or /regex/ that suggests spans (repeatable).
        #[arg(long = "rule")]
        rules: Vec<String>,
    },
    /// Change a theme (given by id or label).
    Edit {
        project: PathBuf,
        theme: String,
        #[arg(long)]
        label: Option<String>,
        #[arg(long)]
        color: Option<String>,
        /// Single-key shortcut; an empty string removes it.
        #[arg(long)]
        key: Option<String>,
        /// Move under this theme (id or label).
        #[arg(long, conflicts_with = "no_parent")]
        parent: Option<String>,
        /// Move to the top of the tree.
        #[arg(long)]
        no_parent: bool,
        #[arg(long)]
        description: Option<String>,
        /// Add a word, phrase or /regex/ rule (repeatable).
        #[arg(long = "add-rule")]
        add_rules: Vec<String>,
        /// Remove a rule, written as listed (repeatable).
        #[arg(long = "remove-rule")]
        remove_rules: Vec<String>,
    },
    /// List the codebook as a tree with span counts (or as JSON).
    List {
        project: PathBuf,
        /// table or json.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Recode every span of theme FROM as INTO and remove FROM.
    Merge {
        project: PathBuf,
        from: String,
        into: String,
    },
    /// Merge the codebook of FILE (a .ron project or a .qdc codebook) into
    /// the project by id: new themes added, existing ones updated.
    Import { project: PathBuf, file: PathBuf },
}

/// Runs a coding command; the error is printed by the caller.
pub fn run(command: CodingCommand) -> Result<(), String> {
    match command {
        CodingCommand::TagAll {
            project,
            theme,
            text,
            regex,
            case_sensitive,
            whole_word,
            docs,
            annotator,
            dry_run,
        } => {
            let query = match (text, regex) {
                (Some(text), _) => Query::text(text),
                (None, Some(regex)) => Query::regex(regex),
                (None, None) => return Err("give --text or --regex".into()),
            }
            .case_sensitive(case_sensitive)
            .whole_word(whole_word);
            tag_all(&project, &theme, &query, &docs, annotator, dry_run)
        }
        CodingCommand::Suggest {
            project,
            docs,
            accept_all,
            annotator,
        } => suggest(&project, &docs, accept_all, annotator),
        CodingCommand::Theme(command) => theme(command),
    }
}

/// A theme id from an id or a label, or the refusal listing the codebook.
fn theme_id(project: &Project, id_or_label: &str) -> Result<String, String> {
    crate::theme_id(project, id_or_label)
}

/// Applies `edit` and saves, or says why nothing was changed.
fn apply_and_save(project: &mut Project, path: &Path, edit: Edit) -> Result<(), String> {
    edit.apply(project)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    crate::save(project, path)
}

fn tag_all(
    path: &Path,
    theme: &str,
    query: &Query,
    docs: &[String],
    annotator: Option<String>,
    dry_run: bool,
) -> Result<(), String> {
    let _claim = if dry_run { None } else { crate::claim(path)? };
    let mut project = crate::load(path)?;
    let theme = theme_id(&project, theme)?;
    let matcher = Matcher::new(query).map_err(|e| format!("{e}; nothing was changed"))?;
    let annotator = annotator.unwrap_or_else(crate::default_annotator);
    let result = matching::tag_all(&project, &theme, &matcher, docs, &annotator)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    let added = result.added();
    if dry_run {
        println!("{} would be added", plural(added, "span", "spans"));
    } else {
        if let Some(edit) = result.edit() {
            apply_and_save(&mut project, path, edit)?;
        }
        println!("{} added", plural(added, "span", "spans"));
    }
    println!(
        "{} found; {} already tagged with {theme}{}",
        plural(result.matches, "match", "matches"),
        result.already_tagged,
        if result.blank > 0 {
            format!("; {} only white space", result.blank)
        } else {
            String::new()
        }
    );
    Ok(())
}

fn suggest(
    path: &Path,
    docs: &[String],
    accept_all: bool,
    annotator: Option<String>,
) -> Result<(), String> {
    let _claim = crate::claim(path)?;
    let mut project = crate::load(path)?;
    let suggested = matching::suggest(&project, docs, &mut |_, _| true)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    for d in &suggested.documents {
        let Some(doc) = project.document(&d.doc) else {
            continue;
        };
        for s in &d.all {
            let label = project.theme(&s.theme).map_or("", |t| t.label.as_str());
            let text = doc.text().slice(s.start, s.end).unwrap_or_default();
            println!(
                "{}\t{}..{}\t{label}\t{}",
                d.doc,
                s.start,
                s.end,
                serde_json::to_string(text).unwrap_or_default()
            );
        }
    }
    let total = suggested.total();
    let new: usize = suggested.documents.iter().map(|d| d.new.len()).sum();
    let withdrawn: usize = suggested.documents.iter().map(|d| d.withdrawn.len()).sum();
    let mut edits = Vec::new();
    edits.extend(suggested.edit());
    if accept_all {
        let annotator = annotator.unwrap_or_else(crate::default_annotator);
        edits.extend(suggested.accept_all(&annotator));
    }
    if !edits.is_empty() {
        apply_and_save(&mut project, path, Edit::Batch(edits))?;
    }
    if accept_all {
        println!("{} added from suggestions", plural(total, "span", "spans"));
    } else {
        println!(
            "{} ({new} new, {withdrawn} withdrawn)",
            plural(total, "suggestion", "suggestions")
        );
    }
    Ok(())
}

fn parse_color(text: &str) -> Result<Color, String> {
    text.parse::<Color>()
        .map_err(|e| format!("{e}; nothing was changed"))
}

fn parse_key(text: &str) -> Result<Option<char>, String> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) => Ok(Some(c)),
        _ => Err(format!(
            "the key {text:?} is more than one character; a shortcut is a single key; nothing was changed"
        )),
    }
}

fn theme(command: ThemeCommand) -> Result<(), String> {
    match command {
        ThemeCommand::Add {
            project: path,
            label,
            id,
            color,
            key,
            parent,
            description,
            rules,
        } => {
            let _claim = crate::claim(&path)?;
            let mut project = crate::load(&path)?;
            let id = match id {
                Some(id) => id,
                None => {
                    let base = slug(&label);
                    project.unique_theme_id(if base.is_empty() { "theme" } else { &base })
                }
            };
            let color = match color {
                Some(c) => parse_color(&c)?,
                None => unused_color(project.themes().iter().map(|t| t.color)),
            };
            let parent = parent.map(|p| theme_id(&project, &p)).transpose()?;
            let mut theme = Theme::new(id.clone(), label, color);
            theme.key = key.as_deref().map(parse_key).transpose()?.flatten();
            theme.parent = parent;
            theme.description = description.unwrap_or_default();
            theme.rules = rules;
            let path_label = theme.label.clone();
            apply_and_save(
                &mut project,
                &path,
                Edit::AddTheme {
                    index: usize::MAX,
                    theme,
                },
            )?;
            println!(
                "added theme {id} ({})",
                project.theme_path(&id).unwrap_or(path_label)
            );
            Ok(())
        }
        ThemeCommand::Edit {
            project: path,
            theme,
            label,
            color,
            key,
            parent,
            no_parent,
            description,
            add_rules,
            remove_rules,
        } => {
            let _claim = crate::claim(&path)?;
            let mut project = crate::load(&path)?;
            let mut t = project
                .resolve_theme(&theme)
                .map_err(|e| e.to_string())?
                .clone();
            let id = t.id.clone();
            if let Some(label) = label {
                t.label = label;
            }
            if let Some(color) = color {
                t.color = parse_color(&color)?;
            }
            if let Some(key) = key {
                t.key = parse_key(&key)?;
            }
            if let Some(parent) = parent {
                t.parent = Some(theme_id(&project, &parent)?);
            }
            if no_parent {
                t.parent = None;
            }
            if let Some(description) = description {
                t.description = description;
            }
            for rule in &remove_rules {
                let Some(i) = t.rules.iter().position(|r| r == rule) else {
                    return Err(format!(
                        "theme {id:?} has no rule {rule:?} (its rules: {}); nothing was changed",
                        if t.rules.is_empty() {
                            "none".into()
                        } else {
                            t.rules.join(", ")
                        }
                    ));
                };
                t.rules.remove(i);
            }
            for rule in add_rules {
                if !t.rules.contains(&rule) {
                    t.rules.push(rule);
                }
            }
            apply_and_save(&mut project, &path, Edit::UpdateTheme { theme: t })?;
            println!(
                "changed theme {id} ({})",
                project.theme_path(&id).unwrap_or_default()
            );
            Ok(())
        }
        ThemeCommand::List {
            project: path,
            format,
        } => {
            let project = crate::load(&path)?;
            list(&project, &format)
        }
        ThemeCommand::Merge {
            project: path,
            from,
            into,
        } => {
            let _claim = crate::claim(&path)?;
            let mut project = crate::load(&path)?;
            let from = theme_id(&project, &from)?;
            let into = theme_id(&project, &into)?;
            let spans: usize = project
                .documents()
                .iter()
                .map(|d| d.spans().count_with_theme(&from))
                .sum();
            apply_and_save(
                &mut project,
                &path,
                Edit::MergeTheme {
                    from: from.clone(),
                    into: into.clone(),
                },
            )?;
            println!(
                "merged {from} into {into}: {} recoded",
                plural(spans, "span", "spans")
            );
            Ok(())
        }
        ThemeCommand::Import {
            project: path,
            file,
        } => {
            let _claim = crate::claim(&path)?;
            let mut project = crate::load(&path)?;
            let plan = marginalia::formats::codebook::plan(&project, &file)
                .map_err(|e| format!("{e}; nothing was changed"))?;
            let changed = !plan.added.is_empty() || !plan.updated.is_empty();
            if changed {
                apply_and_save(&mut project, &path, plan.edit.clone())?;
            }
            println!("{}", plan.summary());
            for label in &plan.added {
                println!("added\t{label}");
            }
            for label in &plan.updated {
                println!("updated\t{label}");
            }
            for note in &plan.notes {
                eprintln!("note: {note}");
            }
            Ok(())
        }
    }
}

/// One theme as `theme list --format json` writes it.
#[derive(serde::Serialize)]
struct ThemeRow<'a> {
    id: &'a str,
    label: &'a str,
    /// The labels from the top of the tree, joined with `/`.
    path: String,
    color: String,
    key: Option<String>,
    parent: Option<&'a str>,
    description: &'a str,
    rules: &'a [String],
    /// Spans of this theme itself.
    spans: usize,
    /// Spans of this theme and every theme under it.
    spans_with_children: usize,
}

fn list(project: &Project, format: &str) -> Result<(), String> {
    let own = |id: &str| -> usize {
        project
            .documents()
            .iter()
            .map(|d| d.spans().count_with_theme(id))
            .sum()
    };
    let rows: Vec<ThemeRow> = tree_order(project)
        .into_iter()
        .map(|(t, _)| ThemeRow {
            id: &t.id,
            label: &t.label,
            path: project.theme_path(&t.id).unwrap_or_default(),
            color: t.color.to_string(),
            key: t.key.map(String::from),
            parent: t.parent.as_deref(),
            description: &t.description,
            rules: &t.rules,
            spans: own(&t.id),
            spans_with_children: project
                .themes()
                .iter()
                .filter(|u| project.is_within(&u.id, &t.id))
                .map(|u| own(&u.id))
                .sum(),
        })
        .collect();
    match format {
        "json" => {
            let out = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            println!("{out}");
        }
        "table" => {
            println!(
                "{:<40} {:<24} {:<8} {:>3} {:>7} {:>7}  rules",
                "theme", "id", "colour", "key", "spans", "in tree"
            );
            for ((_, depth), row) in tree_order(project).into_iter().zip(&rows) {
                println!(
                    "{:<40} {:<24} {:<8} {:>3} {:>7} {:>7}  {}",
                    format!("{}{}", "  ".repeat(depth), row.label),
                    row.id,
                    row.color,
                    row.key.as_deref().unwrap_or(""),
                    row.spans,
                    row.spans_with_children,
                    row.rules.join(" | ")
                );
            }
        }
        other => {
            return Err(format!(
                "unknown format {other:?}; use --format table or --format json"
            ));
        }
    }
    Ok(())
}

/// The themes depth first (each under its parent, siblings in codebook
/// order), with their depth.
fn tree_order(project: &Project) -> Vec<(&Theme, usize)> {
    fn visit<'p>(
        project: &'p Project,
        theme: &'p Theme,
        depth: usize,
        out: &mut Vec<(&'p Theme, usize)>,
    ) {
        if out.iter().any(|(t, _)| t.id == theme.id) {
            return;
        }
        out.push((theme, depth));
        for child in project.children(&theme.id) {
            visit(project, child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for t in project.themes().iter().filter(|t| {
        t.parent
            .as_deref()
            .is_none_or(|p| project.theme(p).is_none())
    }) {
        visit(project, t, 0, &mut out);
    }
    out
}
