//! Median times of several runs (a project file's load, or any call): what the
//! benchmarks that compare two files (`codebook`, `relations`) print
//! beside criterion's figures.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use marginalia::store;

/// The median of `runs` timed loads of `file`.
#[allow(dead_code)] // each bench uses the helper it needs
pub fn median_load(file: &Path, runs: usize) -> Duration {
    median_time(runs, || {
        black_box(store::load(file).expect("the file loads"));
    })
}

/// The median of `runs` timed calls of `f`.
#[allow(dead_code)]
pub fn median_time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
