"""Compile one Typst document in a process of its own; reports.pdf_typst runs it.

Typst's compiler memoises what it lays out, and the `typst` binding never evicts that cache:
a worker compiling PDFs in its own process would keep every table it ever laid out (about
60 KB a row). A process per document, per part of a long one, gives the memory back when it
exits. This file imports nothing of the project, nor Django: it starts in a tenth of a second.

Reads one JSON object on stdin: {"template": path, "root": folder, "fonts": [folders],
"data": the template's data}. Writes on stdout a line of JSON, {"carry": place, "peak": bytes}
(the first place on the last page, as the template's `carry` mark says, 0 without one; this
process's peak resident memory), then the PDF. On an error of Typst, exits 1 with where it
went wrong on stderr and, on its last line, what went wrong.
"""

import json
import resource
import sys

import typst


def main() -> int:
    job = json.load(sys.stdin.buffer)
    compiler = typst.Compiler(
        root=job["root"], font_paths=job["fonts"], ignore_system_fonts=True
    )  # only the fonts named: scanning a system's fonts takes seconds
    data = {"data": json.dumps(job["data"], ensure_ascii=False)}
    try:
        # Untagged: a tagged PDF of a long table is twelve times the size, for no reader here.
        content = compiler.compile(job["template"], sys_inputs=data, pdf_tags=False)
        # From the layout just made: Typst memoised it, the query costs nothing.
        carry = next(iter(json.loads(compiler.query("<carry>", field="value"))), 0)
    except typst.TypstError as error:
        # Where it went wrong for the log, then what went wrong, last: what staff are shown.
        print(error.diagnostic, error.message, sep="\n", file=sys.stderr)
        return 1
    peak = _peak_resident()
    sys.stdout.buffer.write(json.dumps({"carry": carry, "peak": peak}).encode() + b"\n")
    sys.stdout.buffer.write(content)
    return 0


def _peak_resident() -> int:
    """This process's peak resident memory in bytes. Trap: Linux's ru_maxrss of a process
    started by fork and exec counts the parent's resident memory at the fork; VmHWM does not."""
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())
