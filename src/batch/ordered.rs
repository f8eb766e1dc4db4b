//! Work on a pool, results consumed in input order: the batch's streaming
//! loop. Workers take the next item as soon as they are free (no barrier
//! at the end of a chunk, where every worker waited for the slowest
//! document), and the calling thread consumes results strictly in item
//! order from a small reorder buffer. A window bounds how far ahead of the
//! consumer workers may take items, so what is held is at most `window`
//! items in flight or finished and waiting, whatever the batch size.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// Where the workers are: the next item to take, how many the consumer has
/// taken in order, and whether to stop taking items.
struct Gate {
    next: usize,
    consumed: usize,
    stop: bool,
}

/// Runs its closure when dropped.
struct OnDrop<F: Fn()>(F);

impl<F: Fn()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// Run `work(i, &items[i])` for every item on `pool`'s threads and
/// `consume(i, result)` on the calling thread in the order of `items`.
/// The workers' loops, which block on the window, run on threads of their
/// own and hand each item's work to the pool: a pool thread must never
/// block, for one waiting in a join of an item's own parallel work steals
/// other jobs of the pool, and a loop stolen there would block under the
/// item the consumer awaits.
/// An item is taken only while fewer than `window` (at least 1) items are
/// taken and not yet consumed. The first error of `consume` stops the
/// workers (items already taken are finished and dropped) and is returned;
/// a panic in `work` is raised again on the calling thread, in order.
pub fn for_each_in_order<T, R, E>(
    pool: &rayon::ThreadPool,
    items: &[T],
    window: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let workers = pool.current_num_threads().clamp(1, items.len().max(1));
    let gate = Mutex::new(Gate {
        next: 0,
        consumed: 0,
        stop: false,
    });
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let (gate, moved, work) = (&gate, &moved, &work);
    let lock = || gate.lock().unwrap_or_else(PoisonError::into_inner);
    let stop = || {
        lock().stop = true;
        moved.notify_all();
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            s.spawn(move || {
                loop {
                    let i = {
                        let mut g = lock();
                        loop {
                            if g.stop || g.next >= items.len() {
                                return;
                            }
                            if g.next < g.consumed + window {
                                break;
                            }
                            g = moved.wait(g).unwrap_or_else(PoisonError::into_inner);
                        }
                        g.next += 1;
                        g.next - 1
                    };
                    let r = pool.install(|| catch_unwind(AssertUnwindSafe(|| work(i, &items[i]))));
                    if tx.send((i, r)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // However the consumer leaves (done, an error, a panic of its own),
        // the workers stop taking items, so the scope can join them.
        let _stop = OnDrop(stop);
        let mut waiting: BTreeMap<usize, std::thread::Result<R>> = BTreeMap::new();
        let mut want = 0;
        while want < items.len() {
            // Every worker gone before the last item: only after a stop.
            let Ok((i, r)) = rx.recv() else { break };
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                let r = match r {
                    Ok(r) => r,
                    Err(panic) => {
                        stop();
                        resume_unwind(panic);
                    }
                };
                if let Err(e) = consume(want, r) {
                    stop();
                    return Err(e);
                }
                want += 1;
                lock().consumed = want;
                moved.notify_all();
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn consumes_in_input_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        // Items of uneven cost, so workers finish out of order.
        let r: Result<(), ()> = for_each_in_order(
            &pool(3),
            &items,
            6,
            |i, x| {
                std::thread::sleep(std::time::Duration::from_micros((x % 7) * 200));
                (i, x * 2)
            },
            |i, (j, y)| {
                assert_eq!(i, j);
                seen.push(y);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_window_taken_and_not_consumed() {
        let items: Vec<usize> = (0..300).collect();
        let taken = AtomicUsize::new(0);
        let consumed = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let window = 4;
        let _: Result<(), ()> = for_each_in_order(
            &pool(2),
            &items,
            window,
            |_, _| {
                let t = taken.fetch_add(1, Ordering::SeqCst) + 1;
                let ahead = t - consumed.load(Ordering::SeqCst);
                most.fetch_max(ahead, Ordering::SeqCst);
            },
            |_, ()| {
                consumed.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert_eq!(consumed.load(Ordering::SeqCst), items.len());
        assert!(most.load(Ordering::SeqCst) <= window);
    }

    #[test]
    fn an_error_stops_the_workers_and_is_returned() {
        let items: Vec<usize> = (0..1000).collect();
        let worked = AtomicUsize::new(0);
        let r = for_each_in_order(
            &pool(2),
            &items,
            4,
            |_, _| {
                worked.fetch_add(1, Ordering::SeqCst);
            },
            |i, ()| if i == 10 { Err(i) } else { Ok(()) },
        );
        assert_eq!(r, Err(10));
        // At most the window beyond the failing item was taken.
        assert!(worked.load(Ordering::SeqCst) <= 11 + 4);
    }

    #[test]
    fn no_items_and_one_worker() {
        let none: Vec<u8> = Vec::new();
        let r: Result<(), ()> = for_each_in_order(&pool(2), &none, 4, |_, _| (), |_, ()| Ok(()));
        assert!(r.is_ok());
        let items = [1, 2, 3];
        let mut sum = 0;
        let r: Result<(), ()> = for_each_in_order(
            &pool(1),
            &items,
            1,
            |_, x| *x,
            |_, x| {
                sum += x;
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(sum, 6);
    }

    /// The work of one item runs rayon itself (lopdf loads a PDF's objects
    /// with a parallel iterator). A pool thread waiting in such a join
    /// steals other jobs of its pool; had the workers' loops been jobs of
    /// that pool, it could steal a loop that then blocks on the window,
    /// under the very item the consumer awaits: a deadlock (seen once in
    /// `shards_merged_equal_a_single_run`). Runs on a thread with a
    /// deadline so a hang fails instead of stalling the suite.
    #[test]
    fn work_that_runs_rayon_itself_does_not_deadlock() {
        use rayon::prelude::*;
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..20 {
                let items: Vec<u64> = (0..64).collect();
                let mut sum = 0u64;
                let r: Result<(), ()> = for_each_in_order(
                    &pool(2),
                    &items,
                    1,
                    |_, x| {
                        (0..2_000usize)
                            .into_par_iter()
                            .with_max_len(1)
                            .map(|k| k as u64)
                            .map(|k| k % (x + 1))
                            .sum::<u64>()
                    },
                    |_, y| {
                        sum += y;
                        Ok(())
                    },
                );
                assert!(r.is_ok());
            }
            let _ = done_tx.send(());
        });
        assert!(
            done_rx
                .recv_timeout(std::time::Duration::from_secs(60))
                .is_ok(),
            "for_each_in_order deadlocked"
        );
    }

    #[test]
    fn a_panic_in_consume_stops_the_workers() {
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let items: Vec<usize> = (0..100).collect();
            let r = catch_unwind(AssertUnwindSafe(|| {
                let _: Result<(), ()> = for_each_in_order(
                    &pool(2),
                    &items,
                    2,
                    |_, _| (),
                    |i, ()| {
                        assert!(i != 5, "consumer fails at 5");
                        Ok(())
                    },
                );
            }));
            let _ = done_tx.send(r.is_err());
        });
        let ended = done_rx.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(
            ended,
            Ok(true),
            "the workers were left waiting on the window"
        );
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller() {
        let items: Vec<usize> = (0..50).collect();
        let r = catch_unwind(AssertUnwindSafe(|| {
            let _: Result<(), ()> = for_each_in_order(
                &pool(2),
                &items,
                4,
                |i, _| assert!(i != 7, "item 7"),
                |_, ()| Ok(()),
            );
        }));
        assert!(r.is_err());
    }
}
