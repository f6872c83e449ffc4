//! Gazetteers.
