//! What layout recovery produces, from either source (positioned PDF text or
//! extracted plain text): the prose lines of the document and its tables as
//! grids of strings. No meaning is attached yet; templates do that.

/// A line of prose (narrative text outside tables), in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseLine {
    /// 1-based page; 1 for text inputs without page breaks (form feeds count).
    pub page: u32,
    pub text: String,
}

/// How the cells of a row relate to the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// `cells[i]` belongs to `columns[i]` (empty string = empty cell).
    #[default]
    Aligned,
    /// The layout could not tell which column each cell sits in: `cells`
    /// holds the non-empty cells in printed order (labels first, then
    /// amounts). Templates place the amounts using the table's arithmetic.
    Packed,
}

/// One printed row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRow {
    pub cells: Vec<String>,
    pub placement: Placement,
    /// 1-based page the row was printed on.
    pub page: u32,
}

/// A table as recovered from the page: title, header per column, rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawTable {
    /// The printed title (`2021年部门收支总体情况表`), if found.
    pub title: Option<String>,
    /// Lines printed between the title and the header: `填报单位：…`,
    /// `单位：万元`, `表 01`, `部门名称：…`.
    pub caption: Vec<String>,
    /// One header per column, pieces of wrapped cells joined, a merged parent
    /// joined to its child with `/` (`基本支出/工资福利支出`). May be empty
    /// when no header was printed (continuation pages without repeated
    /// headers are merged into their table by layout).
    pub columns: Vec<String>,
    pub rows: Vec<RawRow>,
    /// Notes printed under the table (`注：…`, `备注：此表为空表`).
    pub notes: Vec<String>,
    /// 1-based pages the table spans, ascending.
    pub pages: Vec<u32>,
}

/// The output of layout recovery for one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaidOut {
    /// Everything that is not a table, in reading order.
    pub prose: Vec<ProseLine>,
    /// Tables in document order.
    pub tables: Vec<RawTable>,
    /// Problems layout noticed (ambiguous cells, dropped lines), in the
    /// user's language: page, table, row.
    pub warnings: Vec<String>,
}
