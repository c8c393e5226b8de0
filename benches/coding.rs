//! Benchmarks of coding faster on the generated 10 MB document
//! with 100,000 spans:
//!
//! - Tag All of a three-letter word (whole words, ignoring case), from
//!   the search to the edit applied to the span index, and its undo
//!   (target ≤ 200 ms each);
//! - the rules of 200 themes' worth (190 words and phrases, 10 regexes)
//!   run over the document into suggestions (target ≤ 500 ms).
//!
//! `cargo bench --bench coding` prints the median of each. Under
//! `cargo test` (no `--bench`) each runs once on a 10 kB document.

#[path = "support/generate.rs"]
mod generate;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use generate::SEED;
use marginalia::analysis::matching::{self, Matcher, Query, RuleSet};
use marginalia::model::{Edit, History, Project, Theme};

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The three-letter word whose whole-word count is nearest 10,000 (on the
/// small document: the most frequent one).
fn three_letter_word(project: &Project) -> (String, usize) {
    let text = project.documents()[0].text().as_str();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() == 3 {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut words: Vec<(&str, usize)> = counts.into_iter().collect();
    words.sort();
    words
        .into_iter()
        .min_by_key(|&(_, n)| n.abs_diff(10_000))
        .map(|(w, n)| (w.to_lowercase(), n))
        .expect("the text has three-letter words")
}

/// 190 word and phrase rules (words of the text that are not among its
/// most frequent, then two-word phrases taken evenly through the text, all
/// distinct ignoring case) and 10 regex rules, spread over the codebook.
fn with_rules(mut project: Project) -> Project {
    let text = project.documents()[0].text().as_str().to_owned();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .collect();
    for w in &words {
        *counts.entry(w.to_lowercase()).or_default() += 1;
    }
    let mut vocabulary: Vec<(String, usize)> = counts.into_iter().collect();
    vocabulary.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let phrases = words
        .windows(2)
        .step_by((words.len() / 400).max(1))
        .map(|w| format!("{} {}", w[0], w[1]));
    let mut seen = HashSet::new();
    let mut rules: Vec<String> = vocabulary
        .iter()
        .skip(vocabulary.len() / 4)
        .take(150)
        .map(|(w, _)| w.clone())
        .chain(phrases)
        .filter(|r| seen.insert(matching::fold_str(r)))
        .take(190)
        .collect();
    rules.extend(
        [
            "/[0-9]{4}/",
            "/[A-Z][a-z]+ [A-Z][a-z]+/",
            "/co-?operation/",
            "/\\bUN\\b/",
            "/[Ss]ecurity [a-z]+/",
            "/health[a-z]*/",
            "/trade (?:and|or) [a-z]+/",
            "/😀|🎉/",
            "/[«»]/",
            "/\\p{Han}+/",
        ]
        .map(String::from),
    );
    let themes: Vec<Theme> = project.themes().to_vec();
    let n = themes.len();
    for (i, mut theme) in themes.into_iter().enumerate() {
        theme.rules = rules.iter().skip(i).step_by(n).cloned().collect();
        Edit::UpdateTheme { theme }
            .apply(&mut project)
            .expect("the rules are valid");
    }
    project
}

fn main() {
    let (size, runs) = if benchmarking() {
        (generate::SIZES[2], 7)
    } else {
        (generate::SIZES[0], 1)
    };
    let mut project = generate::project(size, SEED);
    let theme = project.themes()[0].id.clone();
    let (word, count) = three_letter_word(&project);
    println!(
        "coding benchmark: {} text, {} spans, {} themes; median of {runs}",
        size.name,
        project.span_count(),
        project.themes().len()
    );

    let matcher = Matcher::new(&Query::text(word.clone()).whole_word(true)).expect("a word");
    let mut tag = Vec::new();
    let mut undo = Vec::new();
    let mut added = 0;
    for _ in 0..runs {
        let mut history = History::new();
        let start = Instant::now();
        let result = matching::tag_all(&project, &theme, &matcher, &[], "bench").expect("tag all");
        added = result.added();
        history
            .apply(&mut project, result.edit().expect("matches"))
            .expect("the spans are new");
        tag.push(start.elapsed());
        let start = Instant::now();
        history.undo(&mut project).expect("undo");
        undo.push(start.elapsed());
    }
    println!("tag-all {word:?} (≈{count} in the text): {added} spans added");
    println!(
        "tag-all with index update              {:>10.1?}   target ≤ 200 ms",
        median(tag)
    );
    println!(
        "undo of tag-all                        {:>10.1?}   target ≤ 200 ms",
        median(undo)
    );

    let project = with_rules(project);
    let rule_count: usize = project.themes().iter().map(|t| t.rules.len()).sum();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let suggested = matching::suggest(&project, &[], &mut |_, _| true).expect("rules run");
        times.push(start.elapsed());
        found = suggested.total();
    }
    let compile = {
        let start = Instant::now();
        RuleSet::new(&project).expect("rules compile");
        start.elapsed()
    };
    println!("rules: {rule_count} rules, {found} suggestions (compiling them: {compile:.1?})");
    println!(
        "suggest (rules → suggestions)          {:>10.1?}   target ≤ 500 ms",
        median(times)
    );
}
