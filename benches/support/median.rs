//! The median time of loading a project file several times: what the
//! benchmarks that compare two files (`codebook`, `relations`) print
//! beside criterion's figures.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use marginalia::store;

/// The median of `runs` timed loads of `file`.
pub fn median_load(file: &Path, runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(store::load(file).expect("the file loads"));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}
