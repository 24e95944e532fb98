//! What is sold and what it requires: the extension list, requirement definitions,
//! registrar modules with their presets, the public catalog, the demo seed and the admin
//! overview.

pub mod charts;
pub mod definitions;
pub mod extensions;
pub mod offered;
pub mod overview;
pub mod registrars;
pub mod seed;
