//! Layout recovery: lines → rows → cells → tables, from positioned PDF text
//! ([`geometric`]) or from text another tool extracted ([`text`]). Both give
//! the same [`crate::model::LaidOut`].

pub mod geometric;
pub mod header_grid;
pub mod text;
