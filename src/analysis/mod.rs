//! Statistics, agreement, matching and suggestions computed from a project.

pub mod agreement;
pub mod cooccur;
pub mod curation;
pub mod matching;
pub mod memos;
pub mod pair_disagreements;
pub mod relations;
pub mod report;
mod report_relations_memos;
pub mod roll_up;
pub mod segment_export;
pub mod segments;
pub mod stats;
pub mod tables;
