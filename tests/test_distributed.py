"""The build on a Dask cluster: the workers read and extract, the store is the same as a
1-process build's, one pipeline load per worker process, nothing lost when a worker dies.

One 2-worker LocalCluster serves the whole module (starting it and loading the model in each
worker is most of the cost); the worker-killing test runs last.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from graphbuild.build import build  # noqa: E402
from graphbuild.cli import main  # noqa: E402
from graphbuild.distributed import extract_on_worker  # noqa: E402
from graphbuild.ingest import readers  # noqa: E402
from graphbuild.model import Article  # noqa: E402
from graphbuild.store import TABLES, Store  # noqa: E402

from .conftest import EXAMPLES  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                  ) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def rows(db: Path) -> dict[str, list[tuple]]:
    with Store(db) as store:
        return store.dump()


def run(db: Path, inputs, **kwargs):
    """Build into a new store at `db`; (report, ids in the order they were stored)."""
    order: list[str] = []
    with Store(db) as store:
        report = build(inputs, store, on_result=lambda r: order.append(r.article.id), **kwargs)
    return report, order


@pytest.fixture(scope="module")
def serial_sample(tmp_path_factory, extractor):
    db = tmp_path_factory.mktemp("serial") / "sample.db"
    report, order = run(db, [EXAMPLES], extractor=extractor)
    assert report.ok and report.stored >= 8
    return rows(db), order


@pytest.fixture(scope="module")
def wikinews_200(shared_data, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wikinews") / "first200.jsonl"
    with (shared_data / "wikinews" / "articles.jsonl").open(encoding="utf-8") as fh:
        path.write_text("".join(itertools.islice(fh, 200)), encoding="utf-8")
    return path


def test_sample_corpus_same_store_as_serial(client, serial_sample, extractor, tmp_path):
    expected, serial_order = serial_sample
    # Batches of 2: five tasks spread over both workers, stored back in input order.
    report, order = run(tmp_path / "dask.db", [EXAMPLES], extractor=extractor, dask=client,
                        dask_batch_size=2)
    assert report.ok, report.summary()
    assert order == serial_order
    got = rows(tmp_path / "dask.db")
    for table in TABLES:
        assert got[table] == expected[table], table
    # A re-run skips everything, on the cluster as locally.
    with Store(tmp_path / "dask.db") as store:
        again = build([EXAMPLES], store, extractor=extractor, dask=client)
    assert (again.stored, again.skipped) == (0, report.stored)


def test_the_workers_read_the_inputs_not_the_client(client, serial_sample, extractor, tmp_path,
                                                    monkeypatch):
    """In this process no Article can be made; the workers, other processes, make them all."""
    expected, serial_order = serial_sample

    def not_here(*args, **kwargs):
        raise AssertionError("the client parsed an article")

    for name in ("record_article", "txt_article", "html_article"):
        monkeypatch.setattr(readers, name, not_here)
    report, order = run(tmp_path / "dask.db", [EXAMPLES], extractor=extractor, dask=client,
                        dask_batch_size=3)
    assert report.ok, report.summary()
    assert order == serial_order
    assert rows(tmp_path / "dask.db") == expected


def test_duplicates_and_bad_inputs_counted_as_locally(client, extractor, tmp_path):
    text = "Mark Rutte, the Dutch prime minister, backed Jens Stoltenberg."
    records = [{"id": "a", "text": text}, {"id": "b", "text": "Joe Biden endorsed Kamala Harris."},
               {"id": "a", "text": text}, {"id": "b", "text": "Kamala Harris backed Joe Biden."}]
    corpus = tmp_path / "dup.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records) + "{oops\n",
                      encoding="utf-8")
    inputs = [corpus, tmp_path / "missing.jsonl"]
    local, local_order = run(tmp_path / "local.db", inputs, extractor=extractor)
    report, order = run(tmp_path / "dask.db", inputs, extractor=extractor, dask=client,
                        dask_batch_size=2)
    summary = (report.read, report.stored, report.skipped, len(report.failures))
    assert summary == (local.read, local.stored, local.skipped, len(local.failures)) == (4, 3, 1, 2)
    assert sorted(map(str, report.failures)) == sorted(map(str, local.failures))
    assert order == local_order == ["a", "b", "b"]
    assert rows(tmp_path / "dask.db") == rows(tmp_path / "local.db")


def test_each_worker_loads_the_model_once(client):
    article = Article(id="t1", title="Rutte backs Stoltenberg",
                      text="Mark Rutte, the prime minister, backed Jens Stoltenberg.")
    workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) == 2
    for _ in range(3):  # pin work to each worker, several times
        futures = [client.submit(extract_on_worker, [article], None, workers=[w], pure=False)
                   for w in workers]
        for f in futures:
            assert f.result()[0].article.id == "t1"

    def loads():
        from graphbuild import parallel

        return parallel._loads, parallel._extractor is not None

    assert client.run(loads) == {w: (1, True) for w in workers}


@pytest.mark.shared
def test_200_wikinews_articles_same_store_as_serial(client, wikinews_200, extractor, tmp_path):
    serial, serial_order = run(tmp_path / "serial.db", [wikinews_200], extractor=extractor)
    report, order = run(tmp_path / "dask.db", [wikinews_200], extractor=extractor, dask=client)
    assert report.stored == serial.stored == 200
    assert [str(f) for f in report.failures] == [str(f) for f in serial.failures]
    assert order == serial_order
    expected, got = rows(tmp_path / "serial.db"), rows(tmp_path / "dask.db")
    for table in TABLES:
        assert got[table] == expected[table], table


def test_cli_rejects_bad_dask_options(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(tmp_path / "x.db"),
                               "--dask", "local:zero"])
    assert res.exit_code == 2 and "E051" in res.output
    res = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(tmp_path / "x.db"),
                               "--dask", "local:2", "--workers", "2"])
    assert res.exit_code == 2 and "alternatives" in res.output


@pytest.fixture
def bad_scheduler(request):
    """A TCP service on a free port that accepts connections and never answers ("silent") or
    answers bytes that are no Dask message ("garbage")."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return  # closed at teardown
            held.append(conn)
            if request.param == "garbage":
                conn.sendall(b"\xff" * 4096)

    threading.Thread(target=serve, daemon=True).start()
    yield request.param, f"tcp://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in held:
        conn.close()


@pytest.mark.parametrize("bad_scheduler", ["silent", "garbage"], indirect=True)
def test_a_service_that_is_no_scheduler_is_one_clear_error(bad_scheduler, tmp_path):
    """It used to hang past 120 s (silent) or fail allocating 3 EiB (garbage)."""
    mode, address = bad_scheduler
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"}
    out = subprocess.run([sys.executable, "-m", "graphbuild", "build", str(EXAMPLES), "--db",
                          str(tmp_path / "x.db"), "--dask", address],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    expected = f"no answer from the Dask scheduler at {address} within 3 s" \
        if mode == "silent" else f"{address} is not a Dask scheduler (its answer: "
    assert out.stderr.startswith(f"graphbuild: error: [E051] {expected}"), out.stderr


def test_worker_killed_mid_run_loses_nothing(client, serial_sample, extractor, tmp_path):
    """Runs last: it kills one of the module's workers (its nanny starts a new one)."""
    expected, serial_order = serial_sample
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(result) -> None:
        if killed:
            return
        busy = [w for w, keys in client.processing().items() if keys]
        assert busy, "no task in flight to lose"
        killed.append(pids[busy[0]])
        os.kill(pids[busy[0]], signal.SIGKILL)

    # One article per task: after the first result, the other nine are queued or running.
    order: list[str] = []
    with Store(tmp_path / "dask.db") as store:
        report = build([EXAMPLES], store, extractor=extractor, dask=client, dask_batch_size=1,
                       on_result=lambda r: (order.append(r.article.id),
                                            kill_a_busy_worker(r)))
    assert killed
    assert report.ok, report.summary()
    assert order == serial_order  # every article exactly once, in input order
    assert report.stored == len(serial_order)
    got = rows(tmp_path / "dask.db")
    for table in TABLES:
        assert got[table] == expected[table], table
    assert killed[0] not in client.run(os.getpid).values()
