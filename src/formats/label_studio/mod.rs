//! Label Studio: a folder with `tasks.json`, the tasks in Label Studio's
//! JSON export format, and `label_config.xml`, the labelling config that
//! shows them (a `Labels` control over a `Text` object).
//!
//! ```json
//! [{"id": 1,
//!   "data": {"text": "…", "doc_id": "statement", "title": "Statement"},
//!   "annotations": [{"marginalia_annotator": "ana",
//!                    "result": [{"id": "3f2a…", "from_name": "label", "to_name": "text",
//!                                "type": "labels",
//!                                "value": {"start": 0, "end": 6, "text": "Health",
//!                                          "labels": ["Health"]},
//!                                "meta": {"text": ["a note"]}}]}]}]
//! ```
//!
//! **Offsets are code points.** Label Studio's `Text` tag counts a region's
//! `start`/`end` in Unicode code points, not JavaScript (UTF-16) string
//! indices: its editor measures text nodes with `[...node.textContent].length`
//! (`web/libs/editor/src/utils/selection-tools.js`, `findGlobalOffset`,
//! with `codePointsToChars`/`charsToCodePoints` to convert for the DOM), and
//! its `domManager.md` shows "🐱" counted as one symbol. That was the fix
//! for emoji shifting offsets, HumanSignal/label-studio#1008 and #1347, via
//! label-studio PR #1559 ("Store code points instead of js length") merged
//! as label-studio-frontend#308; #4988 (1.9.1) confirms exported offsets
//! are right after a ZWJ emoji sequence while only the display was off.
//! So Marginalia's code points are written unchanged; very old exports
//! made before that fix may count UTF-16 units, and the importer says so
//! when a region's `text` shows it.
//!
//! **Who and notes.** A task has one annotation per annotator. Label
//! Studio records the author as `completed_by`, the id of one of its own
//! users, which it fills in itself on import; the annotator's name goes in
//! `marginalia_annotator`, a key Label Studio's importer ignores. A note
//! is the region's `meta.text` (the "meta" Label Studio shows and edits
//! per region). Colours are each `Label`'s `background`, theme
//! descriptions its `hint`. The config sets `white-space: pre-wrap` on the
//! text, as Label Studio's docs advise, so spaces and line breaks show as
//! they are counted. Nothing a span has is lost.
//!
//! **Import** reads such a folder, its `tasks.json`, or any Label Studio
//! JSON export (an array of tasks, or one task): the text is
//! `data.text`, else the field the `Text` tag of a `label_config.xml`
//! beside the file names, else the first string field of `data` (other
//! than `doc_id`, `id`, `title`); the document id is `data.doc_id`,
//! `data.id` or the task's `id`, the title `data.title`. Each `labels`
//! result of each annotation (`completions` in exports before 1.0) becomes
//! one span per label; `meta.text` and per-region `TextArea` results (same
//! region id) become its note. The annotator is `marginalia_annotator`,
//! else `completed_by`'s email, else "Label Studio user N". `predictions`
//! are not imported (they are a model's suggestions, not annotations), nor
//! results of other types (choices, relations, `hypertextlabels`). When a
//! result has `value.text` it must equal the text at its offsets (Label
//! Studio's older editor wrote line breaks in it as `\n`, two characters,
//! which is accepted); a mismatch refuses the file naming the task, the
//! annotation and the result, and both strings. Colours and descriptions
//! come from a `label_config.xml` beside the file, when there is one.

mod export;
mod import;
#[cfg(test)]
mod tests;

pub use export::export;
pub use import::import;

/// The tasks file of an export folder.
pub const TASKS: &str = "tasks.json";
/// The labelling config of an export folder.
pub const CONFIG: &str = "label_config.xml";
