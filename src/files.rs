//! File safety for every file balance writes or reads as its own: private modes, whole-file
//! writes, no following of links for the store's files, and `--output` that neither replaces
//! special files nor links, nor overwrites the history.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Who may read a file balance writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Readable and writable by the owner only (0600): answers and results.
    Private,
    /// Whatever the umask allows (0666 & !umask): reports meant to be shared.
    Shared,
}

impl Privacy {
    #[cfg(unix)]
    fn mode(self) -> u32 {
        match self {
            Privacy::Private => 0o600,
            Privacy::Shared => 0o666,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}\n  help: check that the folder exists and is writable")]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to write over {path}: balance keeps the history there\n  help: give --output another file; `balance export` copies the history")]
    History { path: PathBuf },
    #[error("cannot write {path}: it is a directory\n  help: give a file name inside it")]
    Directory { path: PathBuf },
    #[error("refusing to write over {path}: it is the file being read\n  help: give --output another file, so that the answers stay")]
    Input { path: PathBuf },
    #[error("cannot write {path}: there is no folder {}\n  help: create the folder first, or give a file in one that exists", .folder.display())]
    NoFolder { path: PathBuf, folder: PathBuf },
}

/// Options that create files readable and writable by the owner only.
pub fn private_options() -> OpenOptions {
    // Only Unix has modes to set.
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Options for the store's own files: a link is refused rather than followed (`ELOOP`), and
/// a FIFO put in a file's place does not block the open, so that the type check can refuse it.
pub fn store_options() -> OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = private_options();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    options
}

/// Opens one of the store's files for reading, refusing links and anything but a regular file.
pub fn open_store_file(path: &Path, options: &OpenOptions) -> io::Result<File> {
    let file = options.open(path).map_err(|e| explain_link(path, e))?;
    require_regular(path, &file)?;
    Ok(file)
}

/// Refuses a file that is not a regular file (a FIFO, a device, a folder).
pub fn require_regular(path: &Path, file: &File) -> io::Result<()> {
    if file.metadata()?.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is not a regular file; balance keeps its data only in regular files (move it away)",
            path.display()
        ),
    ))
}

/// `ELOOP` from `O_NOFOLLOW` says only "too many levels of symbolic links": say what it means.
fn explain_link(path: &Path, e: io::Error) -> io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a symbolic link, and balance does not follow links for its own files (replace the link with the file itself)",
                path.display()
            ),
        );
    }
    let _ = path;
    e
}

/// Creates `dir` and any missing parents owner-only (0700), whatever the umask; existing
/// folders are left as they are.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes a whole private file or nothing: a temporary file beside it, flushed, renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, Privacy::Private)
}

/// The temporary files [`write_atomically`] makes start with this, so `forget --all` can find
/// those a killed process left behind.
pub const TEMP_PREFIX: &str = ".balance-";

fn replace(path: &Path, bytes: &[u8], privacy: Privacy) -> io::Result<()> {
    let mut temp = temp_beside(path, privacy)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file replaced keeps its mode where that is narrower than the new file's: scores a
/// person made private (0600) do not become readable by all (0644) by being written again.
#[cfg(unix)]
fn keep_narrower_mode(temp: &File, replaced: &fs::Metadata, privacy: Privacy) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = temp.metadata()?.permissions().mode() & 0o777;
    let kept = current & replaced.permissions().mode() & privacy.mode();
    match kept == current {
        true => Ok(()),
        false => temp.set_permissions(fs::Permissions::from_mode(kept)),
    }
}

#[cfg(not(unix))]
fn keep_narrower_mode(_: &File, _: &fs::Metadata, _: Privacy) -> io::Result<()> {
    Ok(())
}

/// The folder a file is (or would be) in: `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A temporary file in the folder of `path`, to be renamed over it once whole.
fn temp_beside(path: &Path, privacy: Privacy) -> io::Result<tempfile::NamedTempFile> {
    // tempfile picks the name and cleans up; the file is opened here, so that a failure is
    // the system's own error (its message as it gives it), not one that names the random
    // file, which the person never gave: the caller names the path they gave.
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .make_in(folder_of(path), |name| {
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            // The umask applies to these bits, as a plain create would.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, privacy.mode());
            let _ = privacy;
            options.open(name)
        })
}

/// Writes `--output` whole: see [`OutputFile`].
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    privacy: Privacy,
    kept: &[PathBuf],
) -> Result<(), OutputError> {
    let mut output = OutputFile::create(path, privacy, kept)?;
    output
        .file()
        .write_all(bytes)
        .map_err(|e| output.error(e))?;
    output.commit()
}

/// An `--output` file being written. A special file (device, FIFO, `/dev/stdout`) is
/// written through; a link keeps being a link and its target is replaced whole; the history
/// is refused; any other file is replaced whole (a temporary file, flushed, renamed over it
/// by [`OutputFile::commit`]), so a failure leaves the old file as it was.
pub struct OutputFile {
    path: PathBuf,
    target: Target,
}

enum Target {
    /// Devices, FIFOs and open descriptors are written as they are: replacing `/dev/null`
    /// or a pipe with a file would break them for everyone.
    Through(File),
    Replace {
        temp: tempfile::NamedTempFile,
        file: PathBuf,
    },
}

impl OutputFile {
    /// `kept` are the files balance keeps beside the history (the history, its lock, `due`'s
    /// summary): never written over, as replacing the lock would let two writers in at once.
    pub fn create(path: &Path, privacy: Privacy, kept: &[PathBuf]) -> Result<Self, OutputError> {
        let io = |source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        };
        if kept.iter().any(|own| is_same_file(path, own)) {
            return Err(OutputError::History {
                path: path.to_path_buf(),
            });
        }
        let followed = match fs::metadata(path) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        let target = match &followed {
            Some(meta) if meta.is_dir() => {
                return Err(OutputError::Directory {
                    path: path.to_path_buf(),
                })
            }
            // `out/` is a folder's name: the folder is what is missing.
            None if names_a_folder(path) => {
                return Err(OutputError::NoFolder {
                    path: path.to_path_buf(),
                    folder: path.to_path_buf(),
                })
            }
            // Appending, because opening `/dev/stdout` anew starts at offset 0 of a file the
            // shell opened with `>>`.
            Some(meta) if !meta.is_file() || names_a_descriptor(path) => {
                Target::Through(OpenOptions::new().append(true).open(path).map_err(io)?)
            }
            _ => {
                let file = link_target(path).map_err(io)?;
                let folder = folder_of(&file);
                if !folder.is_dir() {
                    return Err(OutputError::NoFolder {
                        path: path.to_path_buf(),
                        folder: folder.to_path_buf(),
                    });
                }
                let temp = temp_beside(&file, privacy).map_err(io)?;
                if let Some(meta) = &followed {
                    keep_narrower_mode(temp.as_file(), meta, privacy).map_err(io)?;
                }
                Target::Replace { temp, file }
            }
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            target,
        })
    }

    /// Where to write.
    pub fn file(&mut self) -> &mut File {
        match &mut self.target {
            Target::Through(file) => file,
            Target::Replace { temp, .. } => temp.as_file_mut(),
        }
    }

    /// A failure to write, named after the `--output` path.
    pub fn error(&self, source: io::Error) -> OutputError {
        OutputError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Puts the file in place: flushed and renamed over the old one, or flushed through.
    pub fn commit(self) -> Result<(), OutputError> {
        let done = match self.target {
            Target::Through(mut file) => file.flush(),
            Target::Replace { temp, ref file } => temp
                .as_file()
                .sync_all()
                .and_then(|()| temp.persist(file).map(drop).map_err(|e| e.error)),
        };
        done.map_err(|source| OutputError::Io {
            path: self.path,
            source,
        })
    }
}

/// Whether `path` ends with a separator (`out/`), which only a folder's name does.
fn names_a_folder(path: &Path) -> bool {
    path.as_os_str()
        .to_string_lossy()
        .chars()
        .last()
        .is_some_and(std::path::is_separator)
}

/// `/dev/stdout`, `/dev/fd/N` and `/proc/self/fd/N` name an open descriptor even when it
/// points to a regular file, which the shell has opened (perhaps to append).
fn names_a_descriptor(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"]
        .iter()
        .any(|prefix| path.starts_with(prefix) || path.to_string_lossy().starts_with(prefix))
}

/// The file a chain of links ends at (the path itself if it is no link), so that the
/// target is replaced and the link stays; a dangling link names the file to create.
fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// `-`, which names standard output where a file is asked for, as it names standard input.
pub fn is_standard_stream(path: &Path) -> bool {
    path == Path::new("-")
}

/// Whether two paths name one file: the same device and inode, or (for a file not yet made)
/// the same place once links are followed.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    // Two paths whose folders do not exist are no file at all, let alone the same one.
    match (link_target(a), link_target(b)) {
        (Ok(x), Ok(y)) => matches!(
            (canonical_place(&x), canonical_place(&y)),
            (Some(x), Some(y)) if x == y
        ),
        _ => false,
    }
}

/// A path made absolute through its (existing) folder, for comparing files not yet made.
fn canonical_place(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(fs::canonicalize(folder_of(path)).ok()?.join(name))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};

    /// `--output` into a folder that does not exist, before any history was saved, was
    /// refused as "the history": neither place could be found, and two unknowns compared
    /// equal.
    #[test]
    fn paths_in_two_missing_folders_are_not_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("nowhere/scores.csv");
        let history = dir.path().join("no data yet/history.jsonl");
        assert!(!is_same_file(&output, &history));
        let made = dir.path().join("here.csv");
        assert!(is_same_file(&made, &dir.path().join(".").join("here.csv")));
    }

    /// Writing over a file a person made private keeps it private.
    #[test]
    fn a_replaced_file_keeps_a_narrower_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scores.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_output(&path, b"new", Privacy::Shared, &[]).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_link_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        symlink("target.json", &link).unwrap();
        let history = dir.path().join("history.jsonl");
        write_output(
            &link,
            b"new",
            Privacy::Private,
            std::slice::from_ref(&history),
        )
        .unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_dangling_link_creates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.json");
        symlink("made.json", &link).unwrap();
        let history = dir.path().join("history.jsonl");
        write_output(&link, b"x", Privacy::Shared, std::slice::from_ref(&history)).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("made.json")).unwrap(),
            "x"
        );
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn the_history_is_refused_directly_and_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let history = dir.path().join("history.jsonl");
        fs::write(&history, "line\n").unwrap();
        let link = dir.path().join("h");
        symlink(&history, &link).unwrap();
        for path in [&history, &link] {
            let e = write_output(path, b"x", Privacy::Private, std::slice::from_ref(&history))
                .unwrap_err();
            assert!(matches!(e, OutputError::History { .. }), "{e}");
        }
        assert_eq!(fs::read_to_string(&history).unwrap(), "line\n");
    }

    #[test]
    fn dev_null_stays_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let history = dir.path().join("history.jsonl");
        write_output(
            Path::new("/dev/null"),
            b"x",
            Privacy::Shared,
            std::slice::from_ref(&history),
        )
        .unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn missing_parents_are_made_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        create_private_dir(&deep).unwrap();
        for d in ["a", "a/b", "a/b/c"] {
            let mode = fs::metadata(dir.path().join(d))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "{d}");
        }
    }
}
