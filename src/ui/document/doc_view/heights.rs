//! Line heights in a Fenwick tree: the top of a line, the line at a
//! height and correcting one line's height, each in `O(log lines)`.

/// Line heights in a Fenwick (binary indexed) tree of `f64`: the top of a
/// line, the line at a height and an update are `O(log n)`.
#[derive(Default)]
pub(super) struct Heights {
    /// Each line's own height.
    own: Vec<f32>,
    /// `tree[i]` is the sum of the heights of lines `(i - lowbit(i), i]`
    /// (1-based).
    tree: Vec<f64>,
}

impl Heights {
    /// Builds the tree in `O(n)`.
    pub(super) fn new(own: Vec<f32>) -> Self {
        let n = own.len();
        let mut tree = vec![0.0f64; n + 1];
        for i in 1..=n {
            tree[i] += f64::from(own[i - 1]);
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Heights { own, tree }
    }

    pub(super) fn len(&self) -> usize {
        self.own.len()
    }

    pub(super) fn get(&self, line: usize) -> f32 {
        self.own[line]
    }

    pub(super) fn set(&mut self, line: usize, h: f32) {
        let delta = f64::from(h) - f64::from(self.own[line]);
        self.own[line] = h;
        let mut i = line + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// The top of `line`: the sum of the heights above it.
    pub(super) fn top(&self, line: usize) -> f32 {
        let mut i = line.min(self.len());
        let mut sum = 0.0;
        while i > 0 {
            sum += self.tree[i];
            i &= i - 1;
        }
        sum as f32
    }

    pub(super) fn total(&self) -> f32 {
        self.top(self.len())
    }

    /// The line that `y` falls in: the last line whose top is at or above
    /// `y` (0 for `y` above the first line; the last line past the end).
    pub(super) fn line_at(&self, y: f32) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        // Largest count of lines whose total height is <= y.
        let y = f64::from(y);
        let mut pos = 0;
        let mut sum = 0.0;
        let mut step = (n + 1).next_power_of_two() / 2;
        while step > 0 {
            let next = pos + step;
            if next <= n && sum + self.tree[next] <= y {
                pos = next;
                sum += self.tree[next];
            }
            step /= 2;
        }
        pos.min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn heights_agree_with_prefix_sums(
            own in proptest::collection::vec(1u8..100, 1..300),
            updates in proptest::collection::vec((0usize..300, 1u8..100), 0..40),
            probes in proptest::collection::vec(0u32..40_000, 1..20),
        ) {
            let mut own: Vec<f32> = own.into_iter().map(f32::from).collect();
            let mut h = Heights::new(own.clone());
            for (line, v) in updates {
                let line = line % own.len();
                own[line] = f32::from(v);
                h.set(line, f32::from(v));
            }
            let mut tops = vec![0.0f32];
            for x in &own {
                tops.push(tops.last().unwrap() + x);
            }
            for (line, top) in tops.iter().enumerate() {
                prop_assert_eq!(h.top(line), *top);
            }
            prop_assert_eq!(h.total(), *tops.last().unwrap());
            for y in probes {
                let y = y as f32 / 2.0;
                let naive = tops[..own.len()].partition_point(|&t| t <= y).saturating_sub(1);
                prop_assert_eq!(h.line_at(y), naive, "y = {}", y);
            }
        }
    }

    #[test]
    fn empty_heights() {
        let h = Heights::new(Vec::new());
        assert_eq!(h.total(), 0.0);
        assert_eq!(h.line_at(10.0), 0);
    }
}
