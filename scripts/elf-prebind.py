#!/usr/bin/env python3
"""Binds a DF_SYMBOLIC shared library's references to its own symbols ahead of
time: each relocation that the loader would resolve to a symbol the library
defines itself becomes R_X86_64_RELATIVE (base + the symbol's value), so the
loader no longer hashes and looks up its name at every load.

    python3 scripts/elf-prebind.py LIBRARY...        # rewrites them (idempotent)
    python3 scripts/elf-prebind.py --check LIBRARY   # exit 0 iff none is left

Used on jsrun's private copy of libnode after scripts/elf-symbolic.py: 55,777 of
its 84,344 relocations (V8 10.2) name its own symbols, and looking them up was
more than half of the ~13 ms its loading cost. With DF_SYMBOLIC set the loader searches the library itself
first, so each of these binds to the library's own definition whatever else is
loaded: the result is the same address, computed once here instead of at every
load. Left as they are: undefined, unique (STB_GNU_UNIQUE: one per process),
IFUNC, TLS and absolute symbols, and any relocation not of the three types.
The converted relocation keeps its symbol index (the loader ignores it for
RELATIVE) so a test can check each slot against the loader's own lookup.
x86-64 only; written here because no packaged tool (patchelf, binutils,
pyelftools) rewrites relocations.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_PLTRELSZ, DT_SYMTAB, DT_RELA, DT_RELASZ, DT_SYMENT, DT_FLAGS, DT_JMPREL = 0, 2, 6, 7, 8, 11, 30, 23
DF_SYMBOLIC = 0x2
EM_X86_64 = 62
R_X86_64_64, R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT, R_X86_64_RELATIVE = 1, 6, 7, 8
SHN_UNDEF, SHN_LORESERVE = 0, 0xFF00
STB_GLOBAL, STB_WEAK = 1, 2
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2
STV_DEFAULT, STV_PROTECTED = 0, 3


class Elf:
    def __init__(self, data: bytearray) -> None:
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError("not a 64-bit little-endian ELF file")
        if struct.unpack_from("<H", data, 0x12)[0] != EM_X86_64:
            raise ValueError("not an x86-64 file")
        self.data = data
        (phoff,) = struct.unpack_from("<Q", data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
        self.loads: list[tuple[int, int, int]] = []
        self.dynamic: dict[int, int] = {}
        for i in range(phnum):
            p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
            if p_type == PT_LOAD:
                self.loads.append((p_vaddr, p_filesz, p_offset))
            elif p_type == PT_DYNAMIC:
                for at in range(p_offset, p_offset + p_filesz, 16):
                    tag, value = struct.unpack_from("<qQ", data, at)
                    if tag == DT_NULL:
                        break
                    self.dynamic.setdefault(tag, value)

    def offset(self, vaddr: int) -> int:
        for start, size, offset in self.loads:
            if start <= vaddr < start + size:
                return vaddr - start + offset
        raise ValueError(f"address {vaddr:#x} is not in the file")

    def tables(self) -> list[tuple[int, int]]:
        """(file offset, size) of the RELA and JMPREL tables."""
        found = []
        for table, size in ((DT_RELA, DT_RELASZ), (DT_JMPREL, DT_PLTRELSZ)):
            if table in self.dynamic and self.dynamic.get(size):
                found.append((self.offset(self.dynamic[table]), self.dynamic[size]))
        return found

    def own_symbol_value(self, index: int) -> int | None:
        """The value a lookup from this DF_SYMBOLIC library finds in itself, or None."""
        syment = self.dynamic.get(DT_SYMENT, 24)
        at = self.offset(self.dynamic[DT_SYMTAB]) + index * syment
        _, info, other, shndx, value, _ = struct.unpack_from("<IBBHQQ", self.data, at)
        if shndx == SHN_UNDEF or shndx >= SHN_LORESERVE or value == 0:
            return None
        if info >> 4 not in (STB_GLOBAL, STB_WEAK) or info & 0xF not in (STT_NOTYPE, STT_OBJECT, STT_FUNC):
            return None
        if other & 3 not in (STV_DEFAULT, STV_PROTECTED):
            return None
        return value

    def convertible(self) -> list[tuple[int, int, int]]:
        """(file offset of the Rela, its r_info, the new addend) for each one to rewrite."""
        out = []
        for start, size in self.tables():
            for at in range(start, start + size, 24):
                _, info, addend = struct.unpack_from("<QQq", self.data, at)
                rtype, sym = info & 0xFFFFFFFF, info >> 32
                if sym == 0 or rtype not in (R_X86_64_64, R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT):
                    continue
                if rtype != R_X86_64_64 and addend != 0:
                    continue
                value = self.own_symbol_value(sym)
                if value is not None:
                    out.append((at, (sym << 32) | R_X86_64_RELATIVE, value + addend))
        return out


def symbolic(elf: Elf) -> bool:
    return bool(elf.dynamic.get(DT_FLAGS, 0) & DF_SYMBOLIC)


def prebind(path: str) -> str:
    with open(path, "rb") as f:
        elf = Elf(bytearray(f.read()))
    if not symbolic(elf):
        return "not DF_SYMBOLIC (scripts/elf-symbolic.py first): left as it is"
    todo = elf.convertible()
    if not todo:
        return "already bound"
    for at, info, addend in todo:
        struct.pack_into("<Qq", elf.data, at + 8, info, addend)
    # Written beside and renamed: a process that has the library mapped keeps the old file.
    with open(path + ".tmp", "wb") as f:
        f.write(elf.data)
    shutil.copymode(path, path + ".tmp")
    os.replace(path + ".tmp", path)
    return f"{len(todo)} relocations bound ahead of time"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"] and len(argv) == 2:
        with open(argv[1], "rb") as f:
            elf = Elf(bytearray(f.read()))
        return 0 if symbolic(elf) and not elf.convertible() else 1
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    for path in argv:
        done = prebind(path)
        if done != "already bound":
            print(f"{path}: {done}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
