//! Work spread over the machine's cores, results kept in order: the output of a build does
//! not depend on how many threads made it.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use: `NIANBAO_THREADS` if set (tests use 1 to compare), else one
/// per core.
pub fn threads() -> usize {
    std::env::var("NIANBAO_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `items.iter().map(work).collect()`, on all cores. Each thread takes the next item not yet
/// taken, so a few slow items early in the list (a build's large pages) do not leave one
/// core idle while another works through them.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, work(item)));
        }
    };
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(take)).collect();
        for handle in handles {
            let done = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, result) in done {
                results[i] = Some(result);
            }
        }
    });
    results
        .into_iter()
        .map(|result| result.expect("every item was taken by one thread"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_items() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |n| n * 2),
            items.iter().map(|n| n * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&[] as &[u32], |n| *n).is_empty());
        assert_eq!(super::map(&[7u32], |n| n + 1), vec![8]);
    }

    #[test]
    fn keeps_the_order_when_items_take_uneven_time() {
        let items: Vec<u64> = (0..64).collect();
        let done = super::map(&items, |&n| {
            if n % 16 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            n * 3
        });
        assert_eq!(done, items.iter().map(|n| n * 3).collect::<Vec<_>>());
    }
}
