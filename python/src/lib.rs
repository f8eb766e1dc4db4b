//! The Python face of yusuan (`yusuan._yusuan`), a thin layer over the
//! crate's public pipeline: it reads inputs, runs [`yusuan::batch::run_input`]
//! and hands back the canonical JSON text that the command line writes, byte
//! for byte. Turning that text into Python objects, the amount types and the
//! DataFrames live in the Python package (`yusuan/__init__.py`), so there is
//! one JSON contract and the core knows nothing of Python.
//!
//! The GIL is released while documents are processed, so Python threads (and
//! Dask's threaded scheduler) run extractions in parallel, and
//! [`ExtractMany`] processes on a rayon pool of its own while Python consumes
//! the results in input order.

use pyo3::create_exception;
use pyo3::exceptions::{PyStopIteration, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;
use yusuan::input::FormatChoice;
use yusuan::{batch, input, output};

create_exception!(
    _yusuan,
    ExtractError,
    PyValueError,
    "An input could not be processed (not a disclosure, corrupt or encrypted PDF, \
     unreadable file, …). The message is the line the command line writes to errors.jsonl."
);

/// Source path recorded for bytes given without a name, as for stdin on the
/// command line.
const UNNAMED: &str = "-";

/// Results finished but not yet taken by Python, per worker: enough that a
/// worker rarely waits for a slow document ahead of it (documents run from 5
/// to 60 pages), few enough that memory stays bounded by documents in flight.
const WINDOW_PER_WORKER: usize = 4;

/// How often a Python thread waiting for a result looks for Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(200);

/// One input: a file, or bytes already in memory with the name to record.
enum Item {
    Path(PathBuf),
    Bytes { name: String, bytes: Vec<u8> },
}

impl Item {
    /// The name errors and `source.path` use, as the command line writes it.
    fn display(&self) -> String {
        match self {
            Item::Path(p) => display_path(p),
            Item::Bytes { name, .. } => name.clone(),
        }
    }
}

/// `str`/`os.PathLike` → a file; `bytes` → unnamed bytes; `(name, bytes)` →
/// named bytes.
fn item_from(obj: &Bound<'_, PyAny>, name: Option<String>) -> PyResult<Item> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Item::Bytes {
            name: name.unwrap_or_else(|| UNNAMED.to_string()),
            bytes: b.as_bytes().to_vec(),
        });
    }
    if let Ok(t) = obj.cast::<PyTuple>()
        && t.len() == 2
        && let Ok(b) = t.get_item(1)?.cast::<PyBytes>()
    {
        let n: String = t.get_item(0)?.extract()?;
        return Ok(Item::Bytes {
            name: n,
            bytes: b.as_bytes().to_vec(),
        });
    }
    match obj.extract::<PathBuf>() {
        Ok(p) => Ok(Item::Path(p)),
        Err(_) => Err(PyTypeError::new_err(format!(
            "expected a path (str or os.PathLike), bytes, or a (name, bytes) tuple, got {}",
            obj.get_type().name()?
        ))),
    }
}

fn format_choice(format: &str) -> PyResult<FormatChoice> {
    match format {
        "auto" => Ok(FormatChoice::Auto),
        "pdf" => Ok(FormatChoice::Pdf),
        "text" => Ok(FormatChoice::Text),
        other => Err(PyValueError::new_err(format!(
            "format must be 'auto', 'pdf' or 'text', not {other:?}"
        ))),
    }
}

/// The path as the command line records it (`/` separators whatever the
/// platform), so the JSON is the same from both faces.
fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Run one input through the pipeline: the canonical JSON text, or the
/// one-line reason the command line writes to errors.jsonl.
fn run(item: &Item, choice: FormatChoice) -> Result<String, String> {
    let doc = match item {
        Item::Path(p) => batch::run_one(p, choice),
        Item::Bytes { name, bytes } => {
            input::classify(name.clone(), bytes.clone(), choice).and_then(|i| batch::run_input(&i))
        }
    };
    doc.map(|mut d| {
        if let Item::Path(p) = item {
            d.source.path = display_path(p);
        }
        // the version the command line records in every output (`source.yusuan`)
        d.source.yusuan = Some(yusuan::VERSION.to_string());
        // the messages in Chinese, as `yusuan extract` writes them by default
        d.localise(yusuan::messages::Lang::Zh);
        output::to_json(&d)
    })
    .map_err(|e| e.to_string())
}

/// Process one input and return its canonical JSON text (what the command
/// line writes as `<stem>.json`). Raises `ExtractError` when the input cannot
/// be processed.
#[pyfunction]
#[pyo3(signature = (source, format = "auto", name = None))]
fn extract_json(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: &str,
    name: Option<String>,
) -> PyResult<String> {
    let choice = format_choice(format)?;
    let item = item_from(source, name)?;
    let file = item.display();
    py.detach(|| run(&item, choice))
        .map_err(|reason| ExtractError::new_err(format!("{file}: {reason}")))
}

/// `value` × `scale` in 元, exactly as the command line's `cells.csv`
/// computes it (`None` when either is not a decimal or the product
/// overflows), so the frames and the CSV agree to the digit.
#[pyfunction]
fn to_yuan(value: &str, scale: &str) -> Option<String> {
    yusuan::amount::to_yuan(value, scale)
}

/// What one input gave: its JSON text, or (file, reason).
type Outcome = Result<String, (String, String)>;

/// State shared by the workers and the Python iterator.
struct Queue {
    state: Mutex<State>,
    /// Signalled when a result is stored (the iterator waits on it).
    finished: Condvar,
    /// Signalled when the iterator takes a result or gives up (workers wait).
    room: Condvar,
}

struct State {
    /// Next input a worker will take; inputs are taken in order.
    next: usize,
    /// Results handed to Python so far.
    delivered: usize,
    /// Finished results not yet handed to Python, by input index.
    done: BTreeMap<usize, Outcome>,
    /// The iterator was dropped: workers stop taking inputs.
    cancelled: bool,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker never panics while holding the lock (the pipeline runs
        // outside it and catches its own panics), so poisoning is not
        // expected; recover the state rather than abort.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One worker: take the next input while the window has room, process it,
/// store the result. Inputs are taken in order, so the result Python waits
/// for is always finished or in progress, never starved.
fn work(queue: &Queue, items: &[Item], choice: FormatChoice, window: usize) {
    loop {
        let i = {
            let mut s = queue.lock();
            while !s.cancelled && s.next < items.len() && s.next >= s.delivered + window {
                s = queue.room.wait(s).unwrap_or_else(|p| p.into_inner());
            }
            if s.cancelled || s.next >= items.len() {
                return;
            }
            s.next += 1;
            s.next - 1
        };
        let item = &items[i];
        let outcome = run(item, choice).map_err(|reason| (item.display(), reason));
        queue.lock().done.insert(i, outcome);
        queue.finished.notify_all();
    }
}

/// Iterator over the results of many inputs, processed in parallel on a
/// rayon pool, yielded in input order. Each item is `(True, json_text, None)`
/// or `(False, file, reason)`: an input that fails is a value, not an
/// exception, and the rest go on.
#[pyclass(module = "yusuan._yusuan")]
struct ExtractMany {
    queue: Arc<Queue>,
    total: usize,
    // Kept so the pool lives as long as the iterator; its threads end when
    // the workers return (all inputs taken, or cancelled).
    _pool: Arc<rayon::ThreadPool>,
}

#[pymethods]
impl ExtractMany {
    #[new]
    #[pyo3(signature = (sources, jobs = 0, format = "auto"))]
    fn new(sources: &Bound<'_, PyAny>, jobs: usize, format: &str) -> PyResult<Self> {
        let choice = format_choice(format)?;
        let items: Vec<Item> = sources
            .try_iter()?
            .map(|o| item_from(&o?, None))
            .collect::<PyResult<_>>()?;
        let threads = if jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            jobs
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("yusuan-{i}"))
            .build()
            .map_err(|e| PyValueError::new_err(format!("cannot start {threads} threads: {e}")))?;
        let total = items.len();
        let queue = Arc::new(Queue {
            state: Mutex::new(State {
                next: 0,
                delivered: 0,
                done: BTreeMap::new(),
                cancelled: false,
            }),
            finished: Condvar::new(),
            room: Condvar::new(),
        });
        let items = Arc::new(items);
        let window = threads * WINDOW_PER_WORKER;
        for _ in 0..threads.min(total) {
            let (queue, items) = (Arc::clone(&queue), Arc::clone(&items));
            // Spawned on the pool, so stages that use rayon inside (OCR reads
            // pages in parallel) share these threads instead of the global pool.
            pool.spawn(move || work(&queue, &items, choice, window));
        }
        Ok(Self {
            queue,
            total,
            _pool: Arc::new(pool),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __len__(&self) -> usize {
        self.total
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        loop {
            let got = py.detach(|| {
                let mut s = self.queue.lock();
                if s.delivered >= self.total {
                    return Err(());
                }
                let want = s.delivered;
                if !s.done.contains_key(&want) {
                    s = self
                        .queue
                        .finished
                        .wait_timeout(s, SIGNAL_POLL)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                let r = s.done.remove(&want);
                if r.is_some() {
                    s.delivered += 1;
                    self.queue.room.notify_all();
                }
                Ok(r)
            });
            match got {
                Err(()) => return Err(PyStopIteration::new_err(())),
                Ok(Some(Ok(json))) => {
                    return Ok((true, json, py.None()).into_pyobject(py)?.unbind());
                }
                Ok(Some(Err((file, reason)))) => {
                    return Ok((false, file, reason).into_pyobject(py)?.unbind());
                }
                // Still running: let Ctrl-C through, then wait again.
                Ok(None) => py.check_signals()?,
            }
        }
    }
}

impl Drop for ExtractMany {
    fn drop(&mut self) {
        self.queue.lock().cancelled = true;
        self.queue.room.notify_all();
    }
}

#[pymodule]
fn _yusuan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", yusuan::VERSION)?;
    m.add("SCHEMA", yusuan::model::SCHEMA_ID)?;
    m.add("ExtractError", m.py().get_type::<ExtractError>())?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(to_yuan, m)?)?;
    m.add_class::<ExtractMany>()?;
    Ok(())
}
