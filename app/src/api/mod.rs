//! Server functions, one module per feature, with the types they exchange. Compiled for
//! both targets: the browser gets a client stub, the server the implementation.

pub mod catalog;
