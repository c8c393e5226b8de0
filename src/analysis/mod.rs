//! Statistics, agreement and suggestions computed from a project.

pub mod agreement;
pub mod curation;
pub mod pair_disagreements;
pub mod stats;
