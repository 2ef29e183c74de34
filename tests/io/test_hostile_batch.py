"""Hostile files, round two, for folders, batches and writes: a folder never dies for one
file, every write failure is one message and leaves nothing behind, a batch never reads its
own reports, and Ctrl-C (or killing the batch) leaves no process and no half-written file.

Real processes and real file systems: the CLI runs as a subprocess; a read-only or a full
folder is a small tmpfs mounted in a private mount namespace (``unshare -m``; skipped where
that is not allowed); a write that fails half-way is a real ``EFBIG`` under ``RLIMIT_FSIZE``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

import jobsearch_analytics as jsa
from jobsearch_analytics.report import run_batch

SRC = str(Path(__file__).resolve().parents[2] / "src")
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "tracker.csv"
ENV = {**os.environ, "PYTHONPATH": SRC, "MPLBACKEND": "Agg"}
CLI = [sys.executable, "-m", "jobsearch_analytics.cli"]
TODAY = "2024-06-01"


def cli(*args: str, prefix: tuple[str, ...] = (), timeout: float = 300):
    return subprocess.run(
        [*prefix, *CLI, *args], capture_output=True, text=True, env=ENV, timeout=timeout
    )


def one_message(proc: subprocess.CompletedProcess) -> str:
    """The run failed with exactly one line on stderr and no traceback."""
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def csv_tracker(p: Path, company: str = "Acme") -> Path:
    p.write_text(
        "Company,Role,Date Applied,Status\n"
        f"{company},Analyst,2024-03-01,Rejected\n{company} 2,Engineer,2024-03-04,Interview\n",
        encoding="utf-8",
    )
    return p


# -- a folder never dies for one file ---------------------------------------------------------


def hostile_files(d: Path) -> dict[str, str]:
    """Ten hostile entries in ``d``: name -> a word its listed reason must hold."""
    good = d / "_good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Company", "Role"])
    wb.active.append(["Acme", "Analyst"])
    wb.save(good)
    sheet = "xl/worksheets/sheet1.xml"

    def plant(name: str, xml: bytes) -> None:
        with zipfile.ZipFile(good) as zin, zipfile.ZipFile(d / name, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == sheet:
                    data = data.replace(b"</sheetData>", xml + b"</sheetData>")
                zout.writestr(info, data)

    plant("lower.xlsx", b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>')
    plant("rless.xlsx", b'<row r="1000000">' + b"<c><v>1</v></c>" * 40 + b"</row>")
    os.mkfifo(d / "pipe.csv")
    (d / "zero.csv").symlink_to("/dev/zero")
    merge = '<Cell ss:MergeDown="1000000000"><Data ss:Type="String">A</Data></Cell>'
    (d / "merge.xml").write_text(
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="J"><Table>'
        f"<Row>{merge}</Row></Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    (d / "wide.csv").write_bytes(b",".join(b"c%d" % i for i in range(20_000)) + b"\n")
    (d / "long.csv").write_bytes(b"Company\n" + b"x" * (5 << 20) + b"\n")
    sheets = "".join(f'<Worksheet ss:Name="S{i}"><Table/></Worksheet>' for i in range(300))
    (d / "sheets.xml").write_text(
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        f'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">{sheets}</Workbook>',
        encoding="utf-8",
    )
    (d / "binary.csv").write_bytes(bytes(range(256)) * 64)
    (d / "empty.xlsx").write_bytes(b"")
    good.unlink()
    return {
        "lower.xlsx": "XFD1048576",
        "rless.xlsx": "rows by",
        "pipe.csv": "named pipe",
        "zero.csv": "character device",
        "merge.xml": "MergeDown",
        "wide.csv": "16,384",
        "long.csv": "longer than",
        "sheets.xml": "more than 256 sheets",
        "binary.csv": "binary",
        "empty.xlsx": "empty",
    }


def test_a_folder_of_200_with_10_hostile_loads_the_190(tmp_path: Path) -> None:
    for i in range(190):
        csv_tracker(tmp_path / f"client{i:03d}.csv", company=f"Co{i}")
    expected = hostile_files(tmp_path)
    t0 = time.perf_counter()
    search = jsa.load_many(tmp_path, merge=False)
    seconds = time.perf_counter() - t0
    files = search.report.files.set_index("file")
    loaded = files[files["status"] == "loaded"]
    assert len(loaded) == 190
    assert search.applications["client"].nunique() == 190
    listed = files[files["status"] != "loaded"]
    assert sorted(listed.index) == sorted(expected)
    for name, word in expected.items():
        assert word in listed.loc[name, "error"], (name, listed.loc[name, "error"])
    assert seconds < 190 * 0.5  # a guard against a hang, not a speed budget


# -- writes -----------------------------------------------------------------------------------


def test_report_into_a_missing_folder_is_one_message(tmp_path: Path) -> None:
    src = csv_tracker(tmp_path / "t.csv")
    line = one_message(cli("report", str(src), "-o", str(tmp_path / "missing" / "r.html")))
    assert "missing" in line and "does not exist" in line
    assert not (tmp_path / "missing").exists()


def test_template_into_a_missing_folder_is_one_message(tmp_path: Path) -> None:
    line = one_message(cli("template", str(tmp_path / "missing" / "blank.xlsx")))
    assert "does not exist" in line and "blank.xlsx" in line


def in_namespace(mount: str) -> tuple[str, ...]:
    """A prefix that runs a command with ``mount`` (a shell line using $D) done privately."""
    return ("unshare", "-m", "sh", "-c", f'{mount} && shift && exec "$@"', "sh", "x")


def _namespaces_work(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {tmp_path}"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.parametrize(
    ("options", "words"),
    [("ro,size=4m", "read-only"), ("size=64k", "MiB free")],
    ids=["read-only", "full"],
)
def test_report_into_a_read_only_or_full_folder_is_one_message(
    tmp_path: Path, options: str, words: str
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    if not _namespaces_work(target):
        pytest.skip("mount namespaces (unshare -m) are not available here")
    src = csv_tracker(tmp_path / "t.csv")
    prefix = in_namespace(f"mount -t tmpfs -o {options} tmpfs {target}")
    proc = cli("report", str(src), "-o", str(target / "r.html"), prefix=prefix)
    line = one_message(proc)
    assert str(target / "r.html") in line and words in line, line


def test_a_write_failing_half_way_leaves_nothing(tmp_path: Path) -> None:
    """A real write error after the checks (EFBIG: the file-size limit of the process): one
    OutputError naming the path, no temporary file, the old output untouched."""
    (tmp_path / "r.bin").write_bytes(b"old")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from jobsearch_analytics.io.writers import OutputError, atomic_write_bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
        try:
            atomic_write_bytes(b"x" * (1 << 20), {str(tmp_path / "r.bin")!r})
        except OutputError as e:
            print(e)
            sys.exit(1)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "r.bin" in proc.stdout and "larger than this system allows" in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.bin"]
    assert (tmp_path / "r.bin").read_bytes() == b"old"


# -- batches ----------------------------------------------------------------------------------


def test_report_folder_xlsx_twice_gives_the_same_reports(tmp_path: Path) -> None:
    for name in ("ana", "ben"):
        shutil.copy(SAMPLE, tmp_path / f"{name}.csv")
    out = tmp_path / "reports"
    first = run_batch(tmp_path, out, today=TODAY, xlsx=True, workers=1, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    second = run_batch(tmp_path, out, today=TODAY, xlsx=True, workers=1, progress=False)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert [o.status for o in first.outcomes] == [o.status for o in second.outcomes] == ["ok"] * 2
    assert (
        sorted(before)
        == sorted(after)
        == [
            "ana.html",
            "ana.report.xlsx",
            "ben.html",
            "ben.report.xlsx",
            "cohort.html",
            "cohort.xlsx",
        ]
    )
    for name in ("ana.html", "ben.html", "ana.report.xlsx", "ben.report.xlsx", "cohort.xlsx"):
        assert before[name] == after[name], name
    assert second.skipped == (
        ("reports", "the output folder of this run: its reports are not read"),
    )
    assert "reports" in second.to_text()
    # load_many on the folder does not read the reports back as a client either
    search = jsa.load_many(tmp_path)
    assert sorted(search.applications["client"].unique()) == ["ana", "ben"]


def test_a_report_workbook_elsewhere_is_recognised(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "ana.csv")
    run_batch(tmp_path, tmp_path / "out", today=TODAY, xlsx=True, workers=1, progress=False)
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(tmp_path / "out" / "ana.report.xlsx", moved / "ana.report.xlsx")
    shutil.copy(SAMPLE, moved / "bob.csv")
    search = jsa.load_many(moved)
    files = search.report.files.set_index("file")
    assert files.loc["ana.report.xlsx", "status"] == "skipped"
    assert "report this tool wrote" in files.loc["ana.report.xlsx", "error"]


def _tree(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        out.add(p)
        todo.extend(kids.get(p, []))
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for p in pids:
        try:
            with open(f"/proc/{p}/stat", encoding="ascii", errors="replace") as f:
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(p)
        except OSError:
            pass
    return alive


def _start_batch(folder: Path, out: Path) -> tuple[subprocess.Popen, set[int]]:
    """A 16-client batch in its own process group, watched until two reports are written;
    returns the process and every process of its tree seen meanwhile."""
    for i in range(16):
        shutil.copy(SAMPLE, folder / f"client{i:02d}.csv")
    proc = subprocess.Popen(
        [*CLI, "report", str(folder), "-o", str(out), "--today", TODAY, "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,
        # Ctrl-C as in a terminal: a shell running this suite in the background may have set
        # SIGINT to "ignore", which children inherit.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= _tree(proc.pid)
        if out.exists() and len(list(out.glob("client*.html"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    seen |= _tree(proc.pid)
    assert len(seen) >= 3  # the batch, its workers (and their readers)
    return proc, seen


def _gone(pids: set[int], within: float = 10.0) -> set[int]:
    deadline = time.monotonic() + within
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pids)


def test_ctrl_c_stops_a_16_client_batch_cleanly(tmp_path: Path) -> None:
    folder, out = tmp_path / "clients", tmp_path / "reports"
    folder.mkdir()
    proc, seen = _start_batch(folder, out)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stdout + stderr, stderr
    assert stdout.strip().splitlines()[-1].startswith("interrupted: ")
    assert not _gone(seen), "processes outlived the batch"
    assert not list(out.glob(".*")), "a temporary file was left behind"
    assert not (out / "cohort.html").exists()
    written = sorted(p.name for p in out.glob("*.html"))
    listed = [line.split()[0] for line in stdout.splitlines() if " ok " in line]
    assert sorted(Path(n).stem + ".html" for n in listed) == written
    for p in out.glob("*.html"):
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p


def test_killing_the_batch_leaves_no_process_behind(tmp_path: Path) -> None:
    folder, out = tmp_path / "clients", tmp_path / "reports"
    folder.mkdir()
    proc, seen = _start_batch(folder, out)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert not _gone(seen), "workers or readers outlived the killed batch"
    assert not list(out.glob(".*")), "a temporary file was left behind"
