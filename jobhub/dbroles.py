"""PostgreSQL roles: an owner that owns the schema and runs the migrations, and the app's role,
which reads and writes rows but changes no schema and may only add to the audit log.

`setup_roles` runs once as a superuser (``flask --app wsgi db-roles setup``); `grant_app_role`
runs as the owner at the end of every migration (migrations/env.py), so tables a migration
adds are granted the same way."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# What the app's role may do on each ordinary table, and the exceptions.
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APP_ONLY_READ_AND_ADD = ("audit_events",)
APP_ONLY_READ = ("alembic_version",)


def _ident(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def _ensure_role(conn: Connection, name: str, password: str | None) -> None:
    verb = "ALTER" if _role_exists(conn, name) else "CREATE"
    role = _ident(conn, name)
    conn.execute(text(f"{verb} ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"))
    if password:
        # A parameter cannot stand for a password in DDL: quote it as a literal.
        literal = "'" + password.replace("'", "''") + "'"
        conn.execute(text(f"ALTER ROLE {role} PASSWORD {literal}"))


def setup_roles(
    conn: Connection,
    owner: str,
    app_role: str,
    *,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> None:
    """Create (or bring up to date) both roles on the connected database. Run as a superuser;
    running it again changes nothing."""
    _ensure_role(conn, owner, owner_password)
    _ensure_role(conn, app_role, app_password)
    database = _ident(conn, conn.execute(text("SELECT current_database()")).scalar_one())
    own, app = _ident(conn, owner), _ident(conn, app_role)
    conn.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {own}, {app}"))
    conn.execute(text(f"ALTER SCHEMA public OWNER TO {own}"))
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {app}"))
    # Tables made before the roles (e.g. migrated as the superuser) pass to the owner.
    for kind, name in conn.execute(
        text(
            "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,"
            " c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S')"
            " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d"
            "   WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))"
        )
    ):
        conn.execute(text(f"ALTER {kind} public.{_ident(conn, name)} OWNER TO {own}"))
    for (signature,) in conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        )
    ):
        conn.execute(text(f"ALTER FUNCTION {signature} OWNER TO {own}"))
    defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA public"
    conn.execute(text(f"{defaults} GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {app}"))
    conn.execute(text(f"{defaults} GRANT USAGE, SELECT ON SEQUENCES TO {app}"))
    grant_app_role(conn, app_role)


def grant_app_role(conn: Connection, app_role: str) -> None:
    """Give the app's role rows to read and write, and no more: no TRUNCATE anywhere, only
    SELECT and INSERT on the audit log, only SELECT on the migration version."""
    app = _ident(conn, app_role)
    conn.execute(text(f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {app}"))
    conn.execute(
        text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {app}")
    )
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}"))
    for table in APP_ONLY_READ_AND_ADD + APP_ONLY_READ:
        if conn.execute(text("SELECT to_regclass(:t)"), {"t": f"public.{table}"}).scalar():
            keep = "SELECT, INSERT" if table in APP_ONLY_READ_AND_ADD else "SELECT"
            conn.execute(text(f"REVOKE ALL ON public.{table} FROM {app}"))
            conn.execute(text(f"GRANT {keep} ON public.{table} TO {app}"))
