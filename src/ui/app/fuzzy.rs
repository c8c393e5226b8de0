//! Fuzzy filtering for the command palette and the theme picker: the
//! letters of the query must appear in the candidate in order (ignoring
//! case); matches at the start of words and runs of adjacent letters
//! score higher, so "tsa" finds "Tag selection as Arms control" before
//! "Tests passed again".

/// How well `query` matches `candidate`, or `None` if its letters do not
/// all appear in order. Higher is better; an empty query matches all
/// with 0. White space in the query is ignored.
pub fn score(query: &str, candidate: &str) -> Option<i32> {
    let mut wanted = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .peekable();
    if wanted.peek().is_none() {
        return Some(0);
    }
    let mut total = 0i32;
    let mut previous: Option<char> = None;
    let mut last_hit: Option<usize> = None;
    let mut first_hit: Option<usize> = None;
    for (i, c) in candidate.chars().enumerate() {
        let Some(&w) = wanted.peek() else { break };
        if c.to_lowercase().eq(std::iter::once(w)) {
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric())
                || (p_is_lower(previous) && c.is_uppercase());
            let mut s = 1;
            if word_start {
                s += 8;
            }
            if last_hit.is_some_and(|l| l + 1 == i) {
                s += 5;
            }
            total += s;
            first_hit.get_or_insert(i);
            last_hit = Some(i);
            wanted.next();
        }
        previous = Some(c);
    }
    if wanted.peek().is_some() {
        return None;
    }
    // Earlier and tighter matches first; shorter candidates break ties.
    let first = first_hit.unwrap_or(0) as i32;
    let spread = last_hit.unwrap_or(0) as i32 - first;
    let len = candidate.chars().count() as i32;
    Some(total * 16 - first.min(15) * 2 - spread.min(60) - len.min(200) / 8)
}

fn p_is_lower(c: Option<char>) -> bool {
    c.is_some_and(char::is_lowercase)
}

/// The indices of `candidates` that match `query`, best first (ties keep
/// their order).
pub fn filter<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut scored: Vec<(i32, usize)> = candidates
        .enumerate()
        .filter_map(|(i, c)| score(query, c).map(|s| (s, i)))
        .collect();
    scored.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_must_appear_in_order_ignoring_case_and_spaces() {
        assert!(score("sav as", "Save As…").is_some());
        assert!(score("SAVE", "save").is_some());
        assert!(score("vsa", "Save As…").is_none());
        assert!(score("", "anything").is_some());
        assert!(score("z", "").is_none());
    }

    #[test]
    fn non_ascii_and_astral_letters_match_themselves_in_either_case() {
        assert!(score("état", "Tag selection as État de droit").is_some());
        assert!(score("ÉTAT", "état 🚑").is_some());
        assert!(score("🚑", "Santé publique 🚑").is_some());
        assert!(score("ß", "Straße").is_some());
        assert!(score("ss", "Straße").is_none());
    }

    #[test]
    fn word_starts_and_runs_rank_first() {
        let items = [
            "Tests passed again",
            "Tag selection as Arms control",
            "Open document arms.txt",
        ];
        let order = filter("tsa", items.iter().copied());
        assert_eq!(
            order[0],
            1,
            "{:?}",
            order.iter().map(|&i| items[i]).collect::<Vec<_>>()
        );
        let order = filter("arms", items.iter().copied());
        assert_eq!(order.len(), 2);
        assert_eq!(filter("save", ["Save As…", "Save"].into_iter()), [1, 0]);
    }
}
