import sys


def progress_bar(done: int, total: int, *, width: int = 40) -> None:
    """A one-line progress bar on standard error, redrawn in place."""
    filled = width * done // total if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
