//! nianbao (年报) turns a sub-district's yearly work reports into a bilingual (Chinese and
//! English) static website. The pipeline, read top to bottom: `site::Site::load` reads
//! `content/` and the theme, `render::render` turns them into files, `output::write` swaps
//! the files into the output folder.

pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod importer;
pub mod lock;
pub mod markdown;
pub mod metrics;
pub mod output;
pub mod parallel;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod toml_source;
pub mod translate;
pub mod url;
pub mod written;
