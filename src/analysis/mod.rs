//! Statistics, agreement, matching and suggestions computed from a project.

pub mod agreement;
pub mod matching;
pub mod stats;
