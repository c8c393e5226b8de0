//! Statistics, agreement, matching and suggestions computed from a project.

pub mod agreement;
pub mod cooccur;
pub mod curation;
pub mod matching;
pub mod pair_disagreements;
pub mod report;
pub mod roll_up;
pub mod segment_export;
pub mod segments;
pub mod stats;
pub mod tables;
