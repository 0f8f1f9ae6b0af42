//! This installation's signing key (ed25519): every bundle it sends is signed with it, so that
//! other installations recognise the sender. The private key never leaves the data folder.
//!
//! The key lives next to the database as `natverket-signeringsnyckel` (the 32 secret bytes in hex),
//! readable by its owner only. It is not in the database, so restoring a backup keeps it.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::files;
use crate::error::{Error, Result};

/// The key file's name, next to the database file.
pub const KEY_FILE_NAME: &str = "natverket-signeringsnyckel";

/// A signing key and what others see of it.
#[derive(Clone)]
pub struct InstallationKey {
    key: SigningKey,
}

impl InstallationKey {
    /// A fresh random key (for a new installation, or an in-memory database).
    pub fn generate() -> Result<Self> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|_| Error::invalid("key", "Datorn gav inga slumptal, så ingen signeringsnyckel kunde skapas."))?;
        Ok(InstallationKey { key: SigningKey::from_bytes(&secret) })
    }

    /// The key in `folder`, created there (owner-only) the first time.
    pub fn in_folder(folder: &Path) -> Result<Self> {
        let path = key_path(folder);
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text).ok_or_else(|| {
                Error::invalid(
                    "key",
                    format!("Signeringsnyckeln i {} är skadad. Flytta undan filen så skapas en ny.", path.display()),
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate()?;
                files::write_private(&path, hex(&key.key.to_bytes()).as_bytes())?;
                Ok(key)
            }
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Signs `message` (a bundle's payload); the signature in hex.
    pub fn sign(&self, message: &[u8]) -> String {
        hex(&self.key.sign(message).to_bytes())
    }

    /// The public key in hex, as bundles carry it.
    pub fn public_key(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }
}

fn key_path(folder: &Path) -> PathBuf {
    folder.join(KEY_FILE_NAME)
}

fn parse(text: &str) -> Option<InstallationKey> {
    let bytes: [u8; 32] = unhex(text.trim())?.try_into().ok()?;
    Some(InstallationKey { key: SigningKey::from_bytes(&bytes) })
}

/// Bytes as lower-case hex, as keys, signatures and checksums are written.
pub(crate) fn hex(bytes: &[u8]) -> String {
    // Into a buffer at once: `hex::encode` goes character by character, and an export writes a
    // checksum for every record.
    let mut digits = vec![0; bytes.len().saturating_mul(2)];
    match hex::encode_to_slice(bytes, &mut digits) {
        Ok(()) => String::from_utf8(digits).unwrap_or_default(),
        Err(_) => hex::encode(bytes),
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    hex::decode(text).ok()
}

/// Whether `signature` (hex) is `public_key`'s (hex) signature of `message`.
pub fn verify(public_key: &str, message: &[u8], signature: &str) -> bool {
    let Some(key) = unhex(public_key).and_then(|b| <[u8; 32]>::try_from(b).ok()) else { return false };
    let Some(signature) = unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key) else { return false };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature)).is_ok()
}

/// A public key's fingerprint for people to compare over the phone: the first 16 bytes of its
/// SHA-256, in groups of four hex digits ("3f2a 91c0 …").
pub fn fingerprint(public_key: &str) -> String {
    let digest = Sha256::digest(public_key.as_bytes());
    hex(&digest[..16])
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_its_key_and_message() {
        let key = InstallationKey::generate().unwrap();
        let other = InstallationKey::generate().unwrap();
        let signature = key.sign(b"payload");
        assert!(verify(&key.public_key(), b"payload", &signature));
        assert!(!verify(&key.public_key(), b"payload!", &signature));
        assert!(!verify(&other.public_key(), b"payload", &signature));
        assert!(!verify("zz", b"payload", &signature));
        assert_eq!(fingerprint(&key.public_key()).len(), 39);
    }

    #[test]
    fn the_key_is_made_once_and_kept_owner_only() {
        let folder = tempfile::tempdir().unwrap();
        let first = InstallationKey::in_folder(folder.path()).unwrap();
        let again = InstallationKey::in_folder(folder.path()).unwrap();
        assert_eq!(first.public_key(), again.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(folder.path())).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
