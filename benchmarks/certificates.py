"""Certificates: PDF rendering rate, memory, and streaming a ZIP of stored PDFs.

Run with ``.venv/bin/python benchmarks/certificates.py [--count 200]``. It
builds a throw-away SQLite database and certificate storage, then prints:

1. The naive path: per certificate, ``HTML(string=...).write_pdf()`` of the
   classic layout with ``@font-face`` rules pointing at the *variable* fonts of
   the ``fontpkg`` packages, the stylesheet inline, a fresh font configuration
   every time, sequential, unsigned. Run twice: as this machine is (HarfBuzz
   subsetting if ``libharfbuzz-subset0`` is installed) and as a machine without
   that library (WeasyPrint falls back to fontTools).
2. The production path: ``render_pool.render_many`` on 2 warmed render
   processes (static fonts, one font configuration, parsed stylesheets and an
   image cache per process, HarfBuzz subsetting), signing included.
3. Certificates per second for each, the ratios, the peak memory of the parent
   and of the render processes, and whether a render process's memory stays
   flat (RSS after 50 renders against after all of them).
4. A ZIP of 10,000 stored certificates streamed with ``certificates.bulk.
   zip_stream``, against reading the same files straight from disk.

The machine is shared: read ratios, not absolute milliseconds.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="lms-bench-certificates-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'benchmark.sqlite3'}"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Stored PDFs and the signing key go to the throw-away folder too.
settings.STORAGES["certificates"]["OPTIONS"]["location"] = WORK / "certificates"
settings.CERTIFICATE_SIGNING_DIR = WORK / "signing"

ZIP_CERTIFICATES = 10_000


def status_kib(field: str, pid: int | str = "self") -> int:
    """A ``/proc/<pid>/status`` memory field (``VmRSS``, ``VmHWM``) in KiB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def certificate_datas(count: int):
    """``count`` different certificates: names and codes vary, as in bulk."""
    import dataclasses
    import datetime

    from certificates import codes
    from certificates.data import sample_data

    base = sample_data(today=datetime.date(2026, 11, 21))
    datas = []
    for index in range(count):
        code = codes.new_code()
        datas.append(
            dataclasses.replace(
                base,
                code=code,
                display_code=codes.display(code),
                verification_url=base.verification_url.replace(
                    "0" * codes.LENGTH, code
                ),
                officer_name=f"{base.officer_name} {index}",
                officer_name_km=f"{base.officer_name_km} {index}",
                is_sample=False,
            )
        )
    return datas


# 1. Naive ------------------------------------------------------------------------


def naive_html(data) -> str:
    """The classic layout as one self-contained HTML string, with the variable
    fonts from the fontpkg packages (what a first implementation would do)."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    from certificates import rendering
    from certificates.layouts.classic import ClassicLayout
    from lms.fonts import latin_source_font_path, source_font_path

    layout = ClassicLayout()
    html = render_to_string(
        layout.template_name, rendering._template_context(layout, data)
    )
    css = Path(finders.find(layout.stylesheets[0])).read_text()
    fonts = "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}\n'
        for family, path in (
            ("Noto Sans Khmer", source_font_path()),
            ("Noto Sans", latin_source_font_path()),
        )
    )
    return html.replace("</head>", f"<style>{fonts}{css}</style></head>")


def naive_run(datas, fonttools_fallback: bool) -> tuple[float, int]:
    """Render ``datas`` the naive way in this (child) process: seconds, peak KiB."""
    import weasyprint
    from weasyprint.pdf import fonts as pdf_fonts

    if fonttools_fallback:
        pdf_fonts.harfbuzz_subset = None
        # WeasyPrint warns about the fallback once per font and render.
        import logging

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
    htmls = [naive_html(data) for data in datas]
    start = time.perf_counter()
    for html in htmls:
        pdf = weasyprint.HTML(string=html).write_pdf()
        assert pdf.startswith(b"%PDF")
    return time.perf_counter() - start, status_kib("VmHWM")


def in_fresh_process(function, *args):
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as executor:
        return executor.submit(function, *args).result()


# 2. Production -------------------------------------------------------------------


def production_run(datas, processes: int = 2, sign: bool = True) -> dict:
    from certificates import render_pool, signing

    pool = render_pool.Pool(processes)
    try:
        pids = pool.warm()
        rss_after = {}
        sizes = 0
        start = time.perf_counter()
        rendered = render_pool.render_many(datas, pool=pool, sign=sign)
        for done, pdf in enumerate(rendered, 1):
            sizes += len(pdf)
            if done in (50, len(datas)):
                rss_after[done] = {pid: status_kib("VmRSS", pid) for pid in pids}
            last = pdf
        seconds = time.perf_counter() - start
        peaks = {pid: status_kib("VmHWM", pid) for pid in pids}
        validation = signing.validate_pdf(last) if sign else None
        return {
            "seconds": seconds,
            "pids": pids,
            "rss_after": rss_after,
            "peaks": peaks,
            "average_size": sizes / len(datas),
            "signature_ok": validation.ok if validation else None,
            "last_pdf": last,
        }
    finally:
        pool.shutdown()


# 3. ZIP of stored certificates ---------------------------------------------------


def make_stored_certificates(pdf: bytes, count: int):
    """``count`` certificate rows, each with its own copy of ``pdf`` on disk."""
    import datetime
    import hashlib

    from django.utils import timezone

    from accounts.models import User
    from certificates import codes
    from certificates.models import Certificate
    from certificates.models.certificate import pdf_upload_to
    from certificates.storage import certificate_storage
    from tests import factories

    course = factories.make_course(factories.make_catalog(), title="Benchmark course")
    users = User.objects.bulk_create(
        User(
            username=f"bench-officer-{index}",
            first_name="Officer",
            last_name=str(index),
        )
        for index in range(count)
    )
    storage = certificate_storage()
    digest = hashlib.sha256(pdf).hexdigest()
    now = timezone.now()
    rows = []
    for user in users:
        certificate = Certificate(
            code=codes.new_code(),
            user=user,
            course=course,
            officer_name=f"Officer {user.last_name}",
            officer_name_km="សុខ ដារា",
            course_title=course.title,
            completed_at=now,
            issued_at=now,
            issued_on=datetime.date(2026, 11, 21),
            issuer_name="Frontline Officer Learning",
            pdf_sha256=digest,
            render_state=Certificate.RenderState.READY,
        )
        name = pdf_upload_to(certificate, f"{certificate.code}-{digest[:16]}.pdf")
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        certificate.pdf.name = name
        rows.append(certificate)
    Certificate.objects.bulk_create(rows, batch_size=1000)
    return course


def drop_page_cache_hint(paths) -> None:
    # Without root we cannot drop the page cache; both timings below read the
    # same (warm) files, so the comparison is fair.
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
        except (OSError, AttributeError):
            pass


def zip_run(course) -> dict:
    from certificates.models import Certificate
    from certificates.storage import certificate_storage

    storage = certificate_storage()
    queryset = Certificate.objects.filter(course=course).order_by("pk")
    paths = [storage.path(name) for name in queryset.values_list("pdf", flat=True)]

    start = time.perf_counter()
    raw = 0
    for path in paths:
        with open(path, "rb") as file:
            raw += len(file.read())
    read_seconds = time.perf_counter() - start

    from certificates.bulk import zip_stream

    rss_before = status_kib("VmRSS")
    start = time.perf_counter()
    first_chunk = None
    total = 0
    peak_rss = rss_before
    for index, chunk in enumerate(zip_stream(queryset.iterator(chunk_size=500))):
        if first_chunk is None:
            first_chunk = time.perf_counter() - start
        total += len(chunk)
        if index % 500 == 0:
            peak_rss = max(peak_rss, status_kib("VmRSS"))
    zip_seconds = time.perf_counter() - start
    return {
        "files": len(paths),
        "raw_bytes": raw,
        "read_seconds": read_seconds,
        "zip_bytes": total,
        "zip_seconds": zip_seconds,
        "first_chunk": first_chunk or 0.0,
        "rss_growth_kib": peak_rss - rss_before,
    }


# Main ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--zip-count", type=int, default=ZIP_CERTIFICATES)
    args = parser.parse_args()

    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from certificates.checks import harfbuzz_subset_available

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("build_fonts", "--if-missing", verbosity=0)
    datas = certificate_datas(args.count)
    count = len(datas)
    print(
        f"Certificates: {count} renders per path, {os.cpu_count()} cores, "
        f"libharfbuzz-subset {'found' if harfbuzz_subset_available() else 'MISSING'}"
    )

    naive_seconds, naive_peak = in_fresh_process(naive_run, datas, False)
    naive_rate = count / naive_seconds
    print(
        f"  naive, as this machine is      {naive_rate:7.2f} certificates/s "
        f"({naive_seconds / count * 1000:.0f} ms each), peak {mib(naive_peak)}"
    )
    fallback_count = max(10, count // 4)
    fallback_seconds, fallback_peak = in_fresh_process(
        naive_run, datas[:fallback_count], True
    )
    fallback_rate = fallback_count / fallback_seconds
    print(
        f"  naive, fontTools subsetting    {fallback_rate:7.2f} certificates/s "
        f"({fallback_seconds / fallback_count * 1000:.0f} ms each, "
        f"{fallback_count} renders), peak {mib(fallback_peak)}"
    )

    result = production_run(datas, processes=2)
    rate = count / result["seconds"]
    print(
        f"  production, 2 processes, signed {rate:7.2f} certificates/s "
        f"({result['seconds'] / count * 1000:.0f} ms each), "
        f"{result['average_size'] / 1024:.0f} KB per PDF, "
        f"signature valid: {result['signature_ok']}"
    )
    unsigned = production_run(datas, processes=2, sign=False)
    unsigned_rate = count / unsigned["seconds"]
    print(
        f"  production, 2 processes, unsigned {unsigned_rate:5.2f} certificates/s "
        f"({unsigned['seconds'] / count * 1000:.0f} ms each; the naive paths do "
        "not sign either)"
    )
    # The naive path is a stock machine's: no HarfBuzz subsetter, so
    # WeasyPrint subsets in pure Python; the production path brings it in.
    print(
        f"  ratio production (signed) / naive: {rate / fallback_rate:.1f}x "
        f"against the issue's naive path (fontTools subsetting; target: at least "
        f"10x), {rate / naive_rate:.1f}x against a naive path that already has "
        "HarfBuzz subsetting"
    )
    print(
        f"  ratio production (unsigned) / naive with HarfBuzz subsetting, like for "
        f"like: {unsigned_rate / naive_rate:.1f}x"
    )
    parent_peak = status_kib("VmHWM")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"  peak memory: parent {mib(parent_peak)}; render processes "
        + ", ".join(mib(kib) for kib in result["peaks"].values())
        + f"; largest child ever (getrusage) {mib(children)}"
    )
    for pid in result["pids"]:
        after_50 = result["rss_after"].get(50, {}).get(pid, 0)
        after_all = result["rss_after"].get(count, {}).get(pid, 0)
        print(
            f"  render process {pid}: RSS {mib(after_50)} after 50 renders, "
            f"{mib(after_all)} after {count} "
            f"({(after_all - after_50) / 1024:+.1f} MiB)"
        )

    print(f"\nZIP of {args.zip_count} stored certificates (bulk.zip_stream):")
    start = time.perf_counter()
    course = make_stored_certificates(result["last_pdf"], args.zip_count)
    prepared = time.perf_counter() - start
    print(f"  prepared {args.zip_count} rows and files in {prepared:.1f} s")
    zipped = zip_run(course)
    read_rate = zipped["raw_bytes"] / zipped["read_seconds"] / 1024**2
    zip_rate = zipped["zip_bytes"] / zipped["zip_seconds"] / 1024**2
    print(
        f"  reading the {zipped['files']} files: {zipped['read_seconds']:.2f} s "
        f"({read_rate:.0f} MiB/s)"
    )
    print(
        f"  streaming the ZIP: {zipped['zip_seconds']:.2f} s ({zip_rate:.0f} MiB/s, "
        f"{zipped['zip_bytes'] / 1024**2:.0f} MiB, "
        f"{zipped['files'] / zipped['zip_seconds']:.0f} certificates/s), "
        f"first bytes after {zipped['first_chunk'] * 1000:.0f} ms, "
        f"RSS growth {zipped['rss_growth_kib'] / 1024:+.1f} MiB"
    )
    print(
        f"  ZIP rate / disk read rate: {zip_rate / read_rate:.2f}; "
        f"ZIP / production render rate: "
        f"{zipped['files'] / zipped['zip_seconds'] / rate:.0f}x"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        from certificates import render_pool

        render_pool.shutdown()
        shutil.rmtree(WORK, ignore_errors=True)
