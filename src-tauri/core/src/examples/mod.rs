//! Examples (exempel) the municipalities share: the example and its SQL, themes, the full-text
//! index and search, the Exempel view's overview, and exports to Markdown and HTML.
//!
//! Parts depend on each other in one direction only: `index` ← `themes` ← `example` ← `search`,
//! `overview`, `export`; `counts` (the counts kept by triggers) stands alone. Examples build on meetings (an example is presented at a meeting) and
//! members (its contact person); neither of those imports `examples`.

pub mod counts;
pub mod example;
pub mod export;
pub mod index;
pub mod overview;
pub mod search;
pub mod themes;

pub use example::{
    add_presentation, create, delete, get, list, remove_presentation, summaries, update, ContactMember, Example,
    ExampleInput, ExampleLink, ExampleMunicipality, ExampleSummary, Presentation, PresentationInput, Stage, ThemeRef,
};
pub use overview::{overview, Count, ExamplesOverview};
