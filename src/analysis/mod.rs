//! Statistics, agreement and suggestions computed from a project.

pub mod agreement;
pub mod cooccur;
pub mod segment_export;
pub mod segments;
pub mod stats;
