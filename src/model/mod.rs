//! The data as it flows through the stages:
//! bytes → [`Page`]s (PDF) or text → [`LaidOut`] (prose + [`RawTable`]s) →
//! [`Table`]s with templates → [`CanonicalDocument`] with facts and checks.

pub mod canonical;
pub mod laid_out;
pub mod page;
pub mod year_change;

pub use canonical::*;
pub use laid_out::*;
pub use page::*;
pub use year_change::*;
