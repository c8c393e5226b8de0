//! Interchange formats: one module per format (import and/or export).

pub mod text;
