//! Statistics, agreement and suggestions computed from a project.

pub mod agreement;
pub mod cooccur;
pub mod curation;
pub mod pair_disagreements;
pub mod report;
pub mod segment_export;
pub mod segments;
pub mod stats;
