"""Files written safely: what the classroom tools and the headless tutorial
runs share.

A student's notebook must never be overwritten by an export or a headless
run, a link must never be followed into another file, and a reader must see
an old file or a new one, never a part: :func:`write_file` writes to a
temporary file in the target's folder and renames it into place, after
:func:`check_target` has refused the protected files (compared by identity,
so hard and symbolic links are caught), links, anything but a regular file,
and an existing file without ``overwrite``.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

__all__ = ["file_kind", "check_target", "write_file"]


def file_kind(st_mode):
    """What a non-regular file is, for messages."""
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link")):
        if test(st_mode):
            return name
    return "not a regular file"


# errno values meaning "this file system has no hard links"
_NO_HARD_LINKS = {getattr(errno, name) for name in
                  ("EPERM", "EOPNOTSUPP", "ENOTSUP", "ENOSYS", "EMLINK", "EXDEV")
                  if hasattr(errno, name)}


_EXISTS = "{!r} exists; pass overwrite=True (--force on the command line) to replace it"


def check_target(target, overwrite, protect):
    """Refuse to write ``target`` when it is one of the ``protect`` files (by
    identity: hard and symbolic links included), a symbolic link, not a
    regular file, or an existing file without ``overwrite``."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    for p in protect:
        try:
            same = os.path.samefile(target, p)
        except OSError:        # a dangling link, or p gone: not the same file
            same = False
        if same:
            raise ValueError(f"out must not be the notebook itself: {str(target)!r} is the "
                             f"same file as {os.fspath(p)!r}")
    if stat.S_ISLNK(st.st_mode):
        raise ValueError(f"{str(target)!r} is a symbolic link; links are not followed: "
                         "remove it or choose another file name")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"{str(target)!r} is not a regular file ({file_kind(st.st_mode)})")
    if not overwrite:
        raise FileExistsError(_EXISTS.format(str(target)))


def write_file(target, data, overwrite=False, protect=()):
    """Write ``data`` (bytes) to ``target`` atomically.

    The data go to a new temporary file in the target's folder, are flushed to
    disk and then renamed over the target (``os.replace``), so a reader sees
    the old file or the new one, never a part, and an existing file is
    replaced, never written into: another name (hard link) of it keeps the old
    content.  Without ``overwrite`` the rename is a hard link that fails if the
    target appeared meanwhile.  See :func:`check_target` for what is refused.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {str(folder)!r} to write {str(target)!r} in")
    check_target(target, overwrite, protect)
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_NOFOLLOW", 0))
    for _ in range(100):
        tmp = folder / f".{target.name[:200]}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary file name in {str(folder)!r}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        check_target(target, overwrite, protect)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise FileExistsError(_EXISTS.format(str(target))) from None
            except OSError as e:
                if e.errno not in _NO_HARD_LINKS:
                    raise
                check_target(target, overwrite, protect)
                os.replace(tmp, target)
    finally:
        try:
            os.unlink(tmp)
        except OSError:    # renamed already (or gone): nothing to clean up
            pass
