//! Deterministic, seeded generator of realistic projects for the
//! benchmarks (and `examples/gen_project.rs`, which writes one to disk).
//!
//! The text is prose-like: paragraphs of varied length (headings, list
//! items, ordinary paragraphs and a few very long ones) separated by blank
//! lines, mostly English words with accented, Cyrillic, Greek and CJK
//! words mixed in and an occasional astral emoji. Spans are word-aligned
//! and spread over the whole document on 4–12 themes with a skewed
//! distribution: most lie inside one paragraph, some nest in or overlap
//! an earlier span (of the same or another theme), and a few cross two to
//! four paragraphs. Annotators and notes vary too. The same size and seed
//! always give the same project, byte for byte.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use marginalia::model::{Color, Document, Edit, Project, Span, Theme};

/// One benchmark size: text length, span count, theme count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Name used on the command line and in reports (`10kb`, `1mb`, `10mb`).
    pub name: &'static str,
    /// Length of the text in UTF-8 bytes (the generator stops at the first
    /// paragraph end at or past it).
    pub text_bytes: usize,
    pub spans: usize,
    pub themes: usize,
}

/// The three sizes the issue asks for.
pub const SIZES: [Size; 3] = [
    Size {
        name: "10kb",
        text_bytes: 10_000,
        spans: 100,
        themes: 4,
    },
    Size {
        name: "1mb",
        text_bytes: 1_000_000,
        spans: 10_000,
        themes: 8,
    },
    Size {
        name: "10mb",
        text_bytes: 10_000_000,
        spans: 100_000,
        themes: 12,
    },
];

/// The seed the benchmarks use.
pub const SEED: u64 = 0x6d61_7267_696e_616c; // "marginal"

/// A size by name (`10kb`, `1mb`, `10mb`, case-insensitive).
pub fn size(name: &str) -> Option<Size> {
    SIZES
        .iter()
        .copied()
        .find(|s| s.name.eq_ignore_ascii_case(name))
}

/// SplitMix64: tiny, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "on",
    "for",
    "with",
    "that",
    "is",
    "as",
    "by",
    "which",
    "their",
    "this",
    "are",
    "be",
    "will",
    "have",
    "from",
    "its",
    "an",
    "at",
    "both",
    "all",
    "also",
    "parties",
    "sides",
    "cooperation",
    "development",
    "international",
    "security",
    "health",
    "trade",
    "states",
    "countries",
    "support",
    "global",
    "economic",
    "information",
    "technology",
    "strengthen",
    "framework",
    "agreement",
    "principles",
    "sovereignty",
    "stability",
    "dialogue",
    "regional",
    "common",
    "interests",
    "mutual",
    "respect",
    "measures",
    "policy",
    "digital",
    "network",
    "infrastructure",
    "pandemic",
    "vaccines",
    "medicines",
    "organization",
    "council",
    "nations",
    "united",
    "joint",
    "statement",
    "ministers",
    "foreign",
    "affairs",
    "meeting",
    "consultations",
    "commitment",
    "responsibility",
    "implementation",
    "multilateral",
    "order",
    "law",
    "rules",
    "governance",
    "internet",
    "space",
    "arms",
    "control",
    "proliferation",
    "nuclear",
    "weapons",
    "terrorism",
    "extremism",
    "climate",
    "energy",
    "supply",
    "chains",
    "investment",
    "finance",
    "markets",
    "sanctions",
    "growth",
    "recovery",
    "partnership",
    "strategic",
    "comprehensive",
    "coordination",
    "efforts",
    "further",
    "continue",
    "promote",
    "ensure",
    "oppose",
    "welcome",
    "note",
    "emphasize",
    "reaffirm",
    "express",
    "concern",
    "under",
    "between",
    "within",
    "against",
    "towards",
    "through",
    "during",
    "including",
    "such",
    "other",
    "new",
    "more",
    "important",
    "necessary",
    "equal",
    "peaceful",
    "open",
    "fair",
    "inclusive",
];

/// Non-ASCII words: accented Latin, German, Cyrillic, Greek, CJK.
const FOREIGN: &[&str] = &[
    "coopération",
    "développement",
    "sécurité",
    "Zusammenarbeit",
    "Gesundheit",
    "Öffentlichkeit",
    "naïve",
    "façade",
    "São",
    "Łódź",
    "сотрудничество",
    "безопасность",
    "здравоохранение",
    "торговля",
    "Россия",
    "συνεργασία",
    "ασφάλεια",
    "合作",
    "安全",
    "贸易",
    "卫生",
    "中华人民共和国",
    "協力",
    "안보",
    "تعاون",
];

const EMOJI: &[&str] = &["😀", "🎉", "💉", "🌍", "📈", "🤝", "✅", "🛰"];

const NOTES: &[&str] = &[
    "check with the second coder",
    "overlaps the \"Security\" reading; keep both",
    "cf. paragraph above — same commitment",
    "ambiguous: could be Trade",
    "quoted from the 2019 statement\nsecond line of the note",
    "важный фрагмент",
];

const THEMES: [(&str, &str, [u8; 3]); 12] = [
    ("health", "Health", [0x2e, 0xa0, 0x43]),
    ("security", "Security", [0xd6, 0x3b, 0x3b]),
    ("ict", "ICT", [0x2f, 0x6f, 0xd6]),
    ("trade", "Trade", [0xe0, 0x8e, 0x0b]),
    ("climate", "Climate", [0x16, 0xa0, 0x85]),
    ("energy", "Energy", [0x8e, 0x44, 0xad]),
    ("culture", "Culture", [0xc0, 0x39, 0x2b]),
    ("education", "Education", [0x7f, 0x8c, 0x8d]),
    ("migration", "Migration", [0xd3, 0x54, 0x00]),
    ("finance", "Finance", [0x29, 0x80, 0xb9]),
    ("space", "Space", [0x6d, 0x4c, 0x41]),
    ("law", "Law", [0xb0, 0x3a, 0x8c]),
];

/// The codebook: `n` themes (4–12), keys 1–9 for the first nine.
pub fn themes(n: usize) -> Vec<Theme> {
    THEMES[..n.clamp(1, THEMES.len())]
        .iter()
        .enumerate()
        .map(|(i, (id, label, c))| Theme {
            id: (*id).into(),
            label: (*label).into(),
            color: Color::rgb(c[0], c[1], c[2]),
            key: char::from_digit(i as u32 + 1, 10).filter(|_| i < 9),
            description: format!("Passages on {}.", label.to_lowercase()),
            parent: None,
            rules: Vec::new(),
        })
        .collect()
}

fn word(rng: &mut Rng) -> &'static str {
    let r = rng.below(1000);
    if r < 4 {
        EMOJI[rng.below(EMOJI.len())]
    } else if r < 70 {
        FOREIGN[rng.below(FOREIGN.len())]
    } else {
        WORDS[rng.below(WORDS.len())]
    }
}

fn sentence(rng: &mut Rng, out: &mut String, words: usize) {
    for i in 0..words {
        let w = word(rng);
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
            if i + 1 < words && rng.chance(0.06) {
                out.push(',');
            }
        }
    }
    out.push('.');
}

/// Prose of at least `bytes` UTF-8 bytes, ending at a paragraph end.
pub fn text(bytes: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(bytes + 16_384);
    let mut heading = 1;
    while out.len() < bytes {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let kind = rng.below(100);
        if kind < 5 {
            // A heading: a few words, no full stop.
            out.push_str(&format!("{heading}. "));
            heading += 1;
            let n = rng.range(2, 7);
            sentence(rng, &mut out, n);
            out.pop();
        } else if kind < 12 {
            // A short list: items on their own lines.
            let items = rng.range(2, 6);
            for i in 0..items {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("– ");
                let n = rng.range(4, 16);
                sentence(rng, &mut out, n);
            }
        } else {
            // A paragraph; one in fifty is very long (a page or more).
            let sentences = if kind < 14 {
                rng.range(25, 80)
            } else {
                rng.range(1, 9)
            };
            for i in 0..sentences {
                if i > 0 {
                    out.push(' ');
                }
                let n = rng.range(5, 32);
                sentence(rng, &mut out, n);
            }
        }
    }
    out
}

/// Code-point ranges of the words of `text` and the index of the first
/// word of each paragraph (a paragraph ends at a blank line).
fn words_and_paragraphs(text: &str) -> (Vec<(usize, usize)>, Vec<usize>) {
    let mut words = Vec::new();
    let mut paragraphs = vec![0];
    let mut start = None;
    let mut newlines = 0;
    for (i, c) in text.chars().enumerate() {
        if c.is_alphanumeric() || (c as u32) >= 0x1f000 {
            if start.is_none() {
                if newlines >= 2 && !words.is_empty() {
                    paragraphs.push(words.len());
                }
                start = Some(i);
                newlines = 0;
            }
        } else {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
            if c == '\n' {
                newlines += 1;
            }
        }
    }
    if let Some(s) = start {
        words.push((s, text.chars().count()));
    }
    (words, paragraphs)
}

/// Which paragraph word `w` is in.
fn paragraph_of(paragraphs: &[usize], w: usize) -> usize {
    paragraphs.partition_point(|&p| p <= w) - 1
}

/// `n` distinct word-aligned spans over `text` on `themes`.
pub fn spans(text: &str, n: usize, themes: &[Theme], rng: &mut Rng) -> Vec<Span> {
    let (words, paragraphs) = words_and_paragraphs(text);
    assert!(!words.is_empty(), "the text has no words");
    let para_end = |p: usize| {
        paragraphs
            .get(p + 1)
            .copied()
            .unwrap_or(words.len())
            .saturating_sub(1)
    };
    // Skewed theme use: theme i is picked with weight 1 / (i + 1).
    let weights: Vec<f64> = (0..themes.len()).map(|i| 1.0 / (i as f64 + 1.0)).collect();
    let total: f64 = weights.iter().sum();
    let theme = |rng: &mut Rng| {
        let mut x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return themes[i].id.as_str();
            }
            x -= w;
        }
        themes[themes.len() - 1].id.as_str()
    };
    let mut keys = std::collections::HashSet::with_capacity(n);
    let mut out: Vec<Span> = Vec::with_capacity(n);
    // Word ranges of recent spans, to nest in or overlap.
    let mut recent: Vec<(usize, usize)> = Vec::new();
    while out.len() < n {
        let kind = rng.below(100);
        let (w0, w1) = if kind < 15 && !recent.is_empty() {
            // Nested in or overlapping an earlier span.
            let (a, b) = *rng.pick(&recent);
            if rng.chance(0.5) {
                let s = rng.range(a, b);
                (s, rng.range(s, b))
            } else {
                let s = rng.range(a, b);
                (s, (b + rng.range(1, 12)).min(words.len() - 1))
            }
        } else if kind < 18 {
            // Across paragraphs.
            let s = rng.below(words.len());
            let p = paragraph_of(&paragraphs, s);
            let last = (p + rng.range(1, 3)).min(paragraphs.len() - 1);
            let e = paragraphs[last] + rng.below(para_end(last) - paragraphs[last] + 1);
            (s, e.max(s))
        } else {
            // Inside one paragraph: a phrase or a sentence or two.
            let s = rng.below(words.len());
            let len = if rng.chance(0.7) {
                rng.range(1, 6)
            } else {
                rng.range(6, 45)
            };
            let end = para_end(paragraph_of(&paragraphs, s));
            (s, (s + len - 1).min(end))
        };
        let annotator = match rng.below(10) {
            0..=4 => "ana",
            5..=7 => "bo",
            _ => "chen",
        };
        let mut span = Span::new(words[w0].0, words[w1].1, theme(rng), annotator);
        if rng.chance(0.03) {
            span.note = (*rng.pick(NOTES)).into();
        }
        if keys.insert((
            span.start,
            span.end,
            span.theme.clone(),
            span.annotator.clone(),
        )) {
            if recent.len() < 64 {
                recent.push((w0, w1));
            } else {
                let i = rng.below(recent.len());
                recent[i] = (w0, w1);
            }
            out.push(span);
        }
    }
    out
}

/// A project of the given size: one document, the codebook, the spans.
pub fn project(size: Size, seed: u64) -> Project {
    let mut rng = Rng::new(seed ^ size.text_bytes as u64);
    let themes = themes(size.themes);
    let text = text(size.text_bytes, &mut rng);
    let spans = spans(&text, size.spans, &themes, &mut rng);
    let id = format!("generated-{}", size.name);
    let title = format!("Generated text, {}", size.name);
    let document = Document::new(id, title, text).with_spans(spans);
    let mut project = Project::new(format!("Benchmark {}", size.name), themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(document),
    }
    .apply(&mut project)
    .expect("generated spans fit the generated text");
    project
}

/// Arabic letters (with spaces kept) that replace the letters of every
/// other paragraph in [`half_arabic`].
const ARABIC_PROSE: &str =
    "وقالت منظمة الصحة العالمية إن الأمن الصحي أولوية مشتركة وإن التعاون الدولي ضروري";

/// A project like [`project`] whose every other non-empty line is Arabic
/// (each letter of the generated prose replaced by an Arabic letter, so
/// the lines keep their length and word breaks): half the text right to
/// left, for the frame benchmark of the bidirectional layout.
pub fn half_arabic(size: Size, seed: u64) -> Project {
    let mut rng = Rng::new(seed ^ size.text_bytes as u64 ^ 0xA4AB);
    let themes = themes(size.themes);
    let latin = text(size.text_bytes, &mut rng);
    let letters: Vec<char> = ARABIC_PROSE
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut k = 0;
    let text: String = latin
        .split('\n')
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, line)| {
            if i % 2 == 1 {
                return line.to_owned();
            }
            line.chars()
                .map(|c| {
                    if c.is_whitespace() || c.is_ascii_punctuation() {
                        c
                    } else {
                        k += 1;
                        letters[k % letters.len()]
                    }
                })
                .collect()
        })
        .collect::<Vec<String>>()
        .join("\n\n");
    let spans = spans(&text, size.spans, &themes, &mut rng);
    let id = format!("generated-{}", size.name);
    let title = format!("Generated half-Arabic text, {}", size.name);
    let document = Document::new(id, title, text).with_spans(spans);
    let mut project = Project::new(format!("Benchmark {}", size.name), themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(document),
    }
    .apply(&mut project)
    .expect("generated spans fit the generated text");
    project
}
