//! Files with personal data: every file the app writes is readable by its owner only (0600, folders 0700 on Unix).
//!
//! The database, its `-wal`/`-shm`, backups, logs and every export hold names and e-mail addresses,
//! so on Unix they are created with mode 0600 whatever the umask is, and folders of our own with
//! 0700. On other systems these functions create files and folders the ordinary way: there the
//! user's profile folder already keeps other accounts out.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Mode of files with personal data on Unix: read and write for the owner only.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of the app's own folders on Unix: only the owner may list or enter them.
pub const PRIVATE_FOLDER_MODE: u32 = 0o700;

/// Why [`read_capped`] gave no bytes.
#[derive(Debug)]
pub enum CappedReadError {
    /// The file is larger than the cap (it was not read further).
    TooBig,
    /// The file changed size while it was read (a sync service or a copy still writing it).
    Changed,
    /// It could not be opened or read.
    Io(std::io::Error),
}

/// Reads `path` once, through a reader capped at `max_bytes`: a larger file is not read further,
/// and one whose size changes while it is read is refused. Every import reads its file this way.
pub fn read_capped(path: &Path, max_bytes: u64) -> std::result::Result<Vec<u8>, CappedReadError> {
    let file = File::open(path).map_err(CappedReadError::Io)?;
    let size_before = file.metadata().map_err(CappedReadError::Io)?.len();
    if size_before > max_bytes {
        return Err(CappedReadError::TooBig);
    }
    let mut bytes = Vec::new();
    (&file).take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(CappedReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(CappedReadError::TooBig);
    }
    let size_after = file.metadata().map_err(CappedReadError::Io)?.len();
    if bytes.len() as u64 != size_before || size_after != size_before {
        return Err(CappedReadError::Changed);
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` (created or replaced) as a private file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let io_error = |source| Error::Io { path: path.to_path_buf(), source };
    let mut file = create_private(path).map_err(io_error)?;
    file.write_all(bytes).and_then(|()| file.flush()).map_err(io_error)
}

/// Writes `bytes` to `path` atomically and privately: see [`write_atomically_with`].
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |mut file| {
        file.write_all(bytes).map_err(|source| Error::Io { path: path.to_path_buf(), source })
    })
}

/// Writes a file at `path` so that readers (and folder sync clients) never see half a file:
/// `write` fills a temporary file next to it, which is then renamed. The file is private (0600
/// on Unix), as it may hold contact details. On any error the temporary file is removed and
/// `path` is left as it was.
pub fn write_atomically_with<T>(path: &Path, write: impl FnOnce(&std::fs::File) -> Result<T>) -> Result<T> {
    let io_error = |source| Error::Io { path: path.to_path_buf(), source };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (temporary_path, file) = tempfile_in(folder).map_err(io_error)?;
    let written = write(&file).and_then(|value| file.sync_all().map_err(io_error).map(|()| value));
    drop(file);
    let value = match written {
        Ok(value) => value,
        Err(error) => {
            let _ = std::fs::remove_file(&temporary_path);
            return Err(error);
        }
    };
    std::fs::rename(&temporary_path, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary_path);
        io_error(source)
    })?;
    Ok(value)
}

/// A new private, hidden file in `folder` (named `.natverk-*.tmp`, not `*.natverk`, so a sync run
/// never reads it half-written).
pub fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for attempt in 0..100 {
        let candidate = folder.join(format!(".natverk-{}-{attempt}.tmp", std::process::id()));
        match create_new_private(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "ingen ledig tillfällig fil"))
}

/// Creates (or truncates) `path` for writing as a private file; an existing file is made private too.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let file = private_options().write(true).create(true).truncate(true).open(path)?;
    restrict_open_file(&file)?;
    Ok(file)
}

/// Creates `path` as a new private file; fails if it exists.
pub fn create_new_private(path: &Path) -> std::io::Result<File> {
    private_options().write(true).create_new(true).open(path)
}

/// Makes an existing file private; a missing file is not an error.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    set_mode(path, PRIVATE_FILE_MODE)
}

/// Creates `folder` and the folders on the way (new ones private), then makes `folder` itself private.
pub fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_FOLDER_MODE);
    builder.create(folder)?;
    make_folder_private(folder)
}

/// Makes an existing folder of the app private; a missing folder is not an error.
pub fn make_folder_private(folder: &Path) -> std::io::Result<()> {
    set_mode(folder, PRIVATE_FOLDER_MODE)
}

/// Makes a folder of the app and every file directly in it private (the log folder, whose files a
/// plugin creates).
pub fn make_folder_and_files_private(folder: &Path) -> std::io::Result<()> {
    make_folder_private(folder)?;
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            make_private(&entry.path())?;
        }
    }
    Ok(())
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
    options
}

/// The mode given at creation applies to new files only; an existing one keeps its mode unless changed.
fn restrict_open_file(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o777 != PRIVATE_FILE_MODE {
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(meta) if meta.permissions().mode() & 0o777 != mode => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            }
            Ok(_) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

#[cfg(test)]
mod capped_read_tests {
    use super::*;

    #[test]
    fn a_capped_read_refuses_a_file_above_the_cap_and_reads_one_at_it() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("fil.txt");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_capped(&path, 5).unwrap(), b"12345");
        assert!(matches!(read_capped(&path, 4), Err(CappedReadError::TooBig)));
        assert!(matches!(read_capped(&folder.path().join("saknas"), 5), Err(CappedReadError::Io(_))));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn written_files_are_private_even_when_they_existed_with_a_wider_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("ny.csv");
        write_private(&new, b"namn;e-post\n").unwrap();
        assert_eq!(mode(&new), 0o600);
        let old = dir.path().join("gammal.csv");
        std::fs::write(&old, b"x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&old, b"ny text").unwrap();
        assert_eq!(mode(&old), 0o600);
        assert_eq!(std::fs::read(&old).unwrap(), b"ny text");
    }

    #[test]
    fn folders_are_private_whether_new_or_existing() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_private_folder(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700, "folders created on the way are private too");
        let existing = dir.path().join("befintlig");
        std::fs::create_dir(&existing).unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(existing.join("natverket.log"), "rad\n").unwrap();
        make_folder_and_files_private(&existing).unwrap();
        assert_eq!(mode(&existing), 0o700);
        assert_eq!(mode(&existing.join("natverket.log")), 0o600);
    }
}
