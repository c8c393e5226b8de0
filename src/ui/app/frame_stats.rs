//! `MARGINALIA_FRAME_STATS=1`: once a second (while frames are painted),
//! print to stderr how many frames ran, the median and slowest CPU time of
//! the window's own work per frame, and the median and longest time
//! between frames (which includes painting and waiting for the display).
//! For checking by hand, under a real display or Xvfb, that nothing
//! stutters; the benchmarks measure the same work headless.

use std::time::{Duration, Instant};

/// Frame timings gathered over the current second.
#[derive(Default)]
pub struct FrameStats {
    since: Option<Instant>,
    last_frame: Option<Instant>,
    work: Vec<Duration>,
    gaps: Vec<Duration>,
}

impl FrameStats {
    /// Gathers timings when `MARGINALIA_FRAME_STATS` is set (to anything
    /// but `0`).
    pub fn from_env() -> Option<Self> {
        std::env::var_os("MARGINALIA_FRAME_STATS")
            .filter(|v| v != "0")
            .map(|_| FrameStats::default())
    }

    /// Records one frame that started at `start` and did `work`; returns
    /// the line to print when a second has passed.
    pub fn record(&mut self, start: Instant, work: Duration) -> Option<String> {
        if let Some(last) = self.last_frame {
            self.gaps.push(start - last);
        }
        self.last_frame = Some(start);
        self.work.push(work);
        let since = *self.since.get_or_insert(start);
        if start - since < Duration::from_secs(1) {
            return None;
        }
        self.since = Some(start);
        let line = format!(
            "frames {:>3}  work median {:>6.2} ms max {:>6.2} ms  between frames median {:>6.1} ms max {:>6.1} ms",
            self.work.len(),
            ms(median(&mut self.work)),
            ms(self.work.iter().max().copied().unwrap_or_default()),
            ms(median(&mut self.gaps)),
            ms(self.gaps.iter().max().copied().unwrap_or_default()),
        );
        self.work.clear();
        self.gaps.clear();
        Some(line)
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_once_a_second_with_median_and_max() {
        let mut s = FrameStats::default();
        let t0 = Instant::now();
        let mut lines = Vec::new();
        for i in 0..=60u32 {
            let at = t0 + Duration::from_micros(u64::from(i) * 16_667);
            let work = Duration::from_millis(if i == 30 { 9 } else { 2 });
            lines.extend(s.record(at, work));
        }
        assert_eq!(lines.len(), 1, "{lines:?}");
        let line = &lines[0];
        assert!(line.starts_with("frames  61"), "{line}");
        assert!(
            line.contains("work median   2.00 ms max   9.00 ms"),
            "{line}"
        );
        assert!(line.contains("between frames median   16.7 ms"), "{line}");
    }
}
