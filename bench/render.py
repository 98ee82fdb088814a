"""Render benchmark: one project timeline (12 stages, long Russian titles, moved
deadlines) and one invoice PDF (with its payment QR code), on this machine.

Prints, for each, the median and p95 of N drawings in the render worker's own code (the
budget: 300 ms each), and the round trip through the real worker process; then what the
first drawing costs (the worker starting, the libraries loading), and that importing the
bot loads none of the drawing libraries (start-up time and memory stay as they were).

    python bench/render.py [--rounds 20] [--out DIR]   # DIR: keep one PNG and one PDF
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The worker process (spawned) imports this file again as its main module: only what the
# drawing needs is imported at the top, as `python -m bot`'s own main module does.
from views.drawing import draw  # noqa: E402
from views.render_worker import RenderWorker  # noqa: E402
from views.sheets import DocumentSheet, TimelineSheet  # noqa: E402

BUDGET_MS = 300
LIBRARIES = ("matplotlib", "fpdf", "segno", "PIL", "numpy")


def milliseconds(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(work, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def bot_import() -> tuple[list[str], float, int]:
    """What `import bot.app` loads, in a fresh interpreter: drawing libraries, seconds, KB."""
    code = (
        "import resource, sys, time; t = time.perf_counter(); import bot.app, bot.__main__;"
        "took = time.perf_counter() - t;"
        f"print(','.join(m for m in {LIBRARIES!r} if m in sys.modules));"
        "print(took); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")  # fmt: skip
    return [name for name in out[0].split(",") if name], float(out[1]), int(out[2])


async def main(rounds: int) -> tuple[TimelineSheet, DocumentSheet]:
    from aiogram_i18n.cores import FluentRuntimeCore

    from bot.app import LOCALES_PATH
    from tests.samples import AGENCY, accounted_invoice, twelve_stages
    from views.invoices import invoice_drawing
    from views.timeline import timeline_sheet

    core = FluentRuntimeCore(path=LOCALES_PATH, default_locale="ru")
    await core.startup()

    def translate(key: str, **args: object) -> str:
        return core.get(key, "ru", **args)

    project, moves = twelve_stages()
    timeline = timeline_sheet(project, moves, date(2026, 11, 27), translate, "ru",
                              "Europe/Moscow")  # fmt: skip
    bill = dataclasses.replace(accounted_invoice(), paid_minor=66_000_00)
    pdf = invoice_drawing(bill, "ru", translate, "Europe/Moscow", AGENCY).sheet
    assert isinstance(pdf, DocumentSheet)

    libraries, import_seconds, import_kb = bot_import()
    print(f"bot import: {import_seconds:.2f} s, max RSS {import_kb / 1024:.0f} MB;"
          f" drawing libraries loaded: {libraries or 'none'}")  # fmt: skip

    worker = RenderWorker()
    try:
        started = time.perf_counter()
        await worker.render(timeline)
        cold = time.perf_counter() - started
        print(f"first drawing through the worker (process start + imports): {cold * 1000:.0f} ms")

        started = time.perf_counter()
        await worker.render(pdf)
        first_pdf = time.perf_counter() - started
        print(f"first PDF in the worker (fpdf2 imported, the font cut to our scripts once):"
              f" {first_pdf * 1000:.0f} ms")  # fmt: skip
        draw(timeline)  # this process's own first use: imports, font cache
        draw(pdf)
        for name, sheet in (("timeline PNG", timeline), ("invoice PDF", pdf)):
            median, p95 = milliseconds(timed(lambda s=sheet: draw(s), rounds))
            verdict = "within" if median <= BUDGET_MS else "OVER"
            print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms over {rounds}"
                  f" ({verdict} the {BUDGET_MS} ms budget)")  # fmt: skip
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                await worker.render(sheet)
                samples.append(time.perf_counter() - started)
            median, p95 = milliseconds(samples)
            print(f"{name} through the worker: median {median:.0f} ms, p95 {p95:.0f} ms")
        # the event loop meanwhile: a handler's 1 ms sleep while the worker draws
        lags = []

        async def ticker() -> None:
            while True:
                before = time.perf_counter()
                await asyncio.sleep(0.001)
                lags.append(time.perf_counter() - before - 0.001)

        task = asyncio.create_task(ticker())
        for _ in range(5):
            await worker.render(timeline)
        task.cancel()
        print(f"event loop while drawing: worst lag {max(lags) * 1000:.1f} ms"
              f" over {len(lags)} ticks")  # fmt: skip
    finally:
        worker.close()
    return timeline, pdf


def keep(folder: Path, timeline: TimelineSheet, pdf: DocumentSheet) -> None:
    """The pictures the README shows (docs/), drawn from the same samples."""
    from aiogram_i18n.cores import FluentRuntimeCore

    from bot.app import LOCALES_PATH
    from tests.samples import AGENCY, act, reconciliation, team
    from views.acts import act_sheet
    from views.reconciliation import reconciliation_sheet
    from views.stats import stats_sheet

    core = FluentRuntimeCore(path=LOCALES_PATH, default_locale="ru")
    asyncio.run(core.startup())

    def translate(key: str, **args: object) -> str:
        return core.get(key, "ru", **args)

    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "timeline.png": timeline,
        "invoice.pdf": pdf,
        "stats.png": stats_sheet(team(), translate, "ru"),
        "act.pdf": act_sheet(act(), translate, "ru", "Europe/Moscow", AGENCY),
        "reconciliation.pdf": reconciliation_sheet(reconciliation(), translate, "ru", AGENCY),
    }
    for name, sheet in files.items():
        (folder / name).write_bytes(draw(sheet))
        if name.endswith(".pdf") and shutil.which("pdftoppm"):
            # the first page as a picture, for a README that shows rather than links
            stem = folder / name.removesuffix(".pdf")
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                 str(folder / name), str(stem)],
                check=True,
            )  # fmt: skip
    print(f"kept {', '.join(files)} in {folder}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    timeline, pdf = asyncio.run(main(arguments.rounds))
    if arguments.out is not None:
        keep(arguments.out, timeline, pdf)
