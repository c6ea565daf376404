"""Tags a repaired wheel with the glibc it really needs: the newest GLIBC_x.y
symbol version any of its libraries asks for (maturin's repair knows policies
only up to manylinux_2_39, and tagged a wheel needing glibc 2.43 2_39).

    python scripts/retag-wheel.py DIST_DIR
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def glibc_needed(wheel: Path) -> tuple[int, int]:
    needed = (2, 17)
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if ".so" not in name.rsplit("/", 1)[-1]:
                continue
            path = Path(archive.extract(name, folder))
            symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
            for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
                needed = max(needed, (int(major), int(minor)))
    return needed


def main() -> None:
    for wheel in Path(sys.argv[1]).glob("jsrun-*.whl"):
        major, minor = glibc_needed(wheel)
        tag = f"manylinux_{major}_{minor}_x86_64"
        if f"-{tag}.whl" in wheel.name:
            continue
        subprocess.run(
            [sys.executable, "-m", "wheel", "tags", "--remove", "--platform-tag", tag, str(wheel)],
            check=True,
            capture_output=True,
        )
        print(f"{wheel.name}: needs glibc {major}.{minor}, tagged {tag}")


if __name__ == "__main__":
    main()
