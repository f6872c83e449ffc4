//! Gazetteers for newsgraph: the file formats, validation with file:line errors, and the
//! compiled matcher that finds every alias in a text in one pass.
//!
//! ```
//! use newsgraph_gazetteer::{Format, GazetteerBuilder, Matcher};
//! let gaz = GazetteerBuilder::new()
//!     .defaults(false)
//!     .text("mine.gaz", r#"{"id": "nato", "type": "organization", "name": "North Atlantic Treaty Organization", "acronyms": ["NATO"]}"#, Format::Gaz)
//!     .build()
//!     .unwrap();
//! let matcher = Matcher::new(&gaz);
//! let hits = matcher.find("NATO leaders met.");
//! assert_eq!(hits.len(), 1);
//! assert_eq!(&"NATO leaders met."[hits[0].start..hits[0].end], "NATO");
//! ```

mod defaults;
mod error;
mod gazetteer;
mod load;
mod matcher;
pub mod normalize;

pub use error::{Error, Origin, Result};
pub use gazetteer::{Format, Gazetteer, GazetteerBuilder};
pub use load::Loaded;
pub use matcher::{surname_of, AliasRef, CasePolicy, Hit, Matcher};
