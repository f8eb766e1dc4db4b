//! yusuan: Chinese government budget disclosures (部门预算 / 部门决算) to
//! canonical, reconciled JSON.
//!
//! Stages, each a module with a typed seam:
//! [`input`] (bytes, format) → [`extract`] (PDF → [`model::Page`]s) →
//! [`layout`] (→ [`model::LaidOut`]: prose + raw tables) → [`templates`]
//! (→ [`model::Table`]s) → [`facts`] and [`reconcile`] (→ facts, checks) →
//! [`output`] and [`report`]. [`pipeline::process`] runs one document through
//! all of them; [`batch`] runs many in parallel.

pub mod across;
pub mod amount;
pub mod batch;
pub mod cli;
pub mod codes;
pub mod error;
pub mod extract;
pub mod facts;
pub mod heap;
pub mod input;
pub mod layout;
pub mod messages;
pub mod model;
pub mod ocr;
pub mod output;
pub mod pipeline;
pub mod reconcile;
pub mod report;
pub mod show;
pub mod table_number;
pub mod templates;

/// The crate's version; the Python package reports it as `yusuan.__version__`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
