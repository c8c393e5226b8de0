//! Statistics, agreement and suggestions computed from a project.

pub mod agreement;
pub mod cooccur;
pub mod report;
pub mod segments;
pub mod stats;
