//! Sizes in bytes, named once.

/// One kibibyte.
pub const KB: u64 = 1024;
/// One mebibyte: what the settings and the editor call a megabyte.
pub const MB: u64 = 1024 * KB;

/// `n` megabytes in bytes.
pub fn megabytes(n: u32) -> u64 {
    u64::from(n) * MB
}
