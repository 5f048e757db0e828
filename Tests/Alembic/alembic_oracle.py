#!/usr/bin/env python3
"""Alembic itself as the oracle for concur's Alembic findings and rewrites.

usage: alembic_oracle.py CONCUR [--generate N] [--pg HOST PORT USER]

1. Reference: an `ast`-based scanner, written independently of concur, lists the index drops of
   every revision of Tests/Fixtures/alembic and of N generated revisions (random mixes of every
   form, including loops, helpers, comments, docstrings and non-Alembic calls); `concur check
   --format json` must report the same calls (same rule, one finding per dropped statement, within
   the call's lines).
2. Offline oracle: a copy of the project is fixed with `concur fix`; every revision must still
   compile (`py_compile`), and `alembic upgrade head --sql` must print no DROP INDEX without
   CONCURRENTLY and no concurrent drop between BEGIN and COMMIT.
3. Online (with --pg): the fixed revisions upgrade a fresh PostgreSQL database and the indexes are
   gone; a revision with postgresql_concurrently=True outside an autocommit block fails there.

Prints a summary line and exits 1 on the first disagreement.
"""
import ast
import json
import os
import pathlib
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

import pglast

FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "alembic"
REQUIRE = "require-concurrent-index-deletion"
IN_TRANSACTION = "ban-concurrent-index-deletion-in-transaction"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# ---------------------------------------------------------------- the reference scanner (ast)


def is_autocommit_with(node):
    if not isinstance(node, ast.With):
        return False
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "autocommit_block":
            return True
    return False


def batch_alias(node):
    if not isinstance(node, ast.With):
        return None
    for item in node.items:
        call = item.context_expr
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "batch_alter_table" and isinstance(item.optional_vars, ast.Name)):
            return item.optional_vars.id
    return None


def constant_sql(argument):
    """The SQL of "…", "…" "…", text("…") and sa.text("…"), or None."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if (isinstance(argument, ast.Call) and len(argument.args) == 1
            and ((isinstance(argument.func, ast.Name) and argument.func.id == "text")
                 or (isinstance(argument.func, ast.Attribute) and argument.func.attr == "text"))):
        return constant_sql(argument.args[0])
    return None


def sql_drops(sql, in_autocommit):
    """The rules PostgreSQL's own parser says the SQL's index drops break."""
    statements = pglast.parse_sql(sql)
    found = []
    for raw in statements:
        statement = raw.stmt
        if type(statement).__name__ != "DropStmt" or statement.removeType != pglast.enums.ObjectType.OBJECT_INDEX:
            continue
        if not statement.concurrent:
            found.append(REQUIRE)
        elif not in_autocommit or len(statements) > 1:
            found.append(IN_TRANSACTION)
    return found


def reference_findings(path):
    """[(first line, last line, rule)] for every index drop of a revision."""
    tree = ast.parse(path.read_text())
    found = []

    def visit(node, in_autocommit, batches):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            receiver, method = node.func.value.id, node.func.attr
            span = (node.lineno, node.end_lineno)
            if method == "drop_index" and (receiver == "op" or receiver in batches):
                concurrently = next((k.value for k in node.keywords if k.arg == "postgresql_concurrently"), None)
                is_true = isinstance(concurrently, ast.Constant) and concurrently.value is True
                if not is_true:
                    found.append(span + (REQUIRE,))
                elif not in_autocommit:
                    found.append(span + (IN_TRANSACTION,))
            elif method == "execute" and receiver == "op" and len(node.args) == 1:
                sql = constant_sql(node.args[0])
                if sql is not None:
                    found.extend(span + (rule,) for rule in sql_drops(sql, in_autocommit))
        inside = in_autocommit or is_autocommit_with(node)
        alias = batch_alias(node)
        for child in ast.iter_child_nodes(node):
            visit(child, inside, batches | {alias} if alias else batches)

    visit(tree, False, frozenset())
    return sorted(found)


def check_against_reference(concur, project, versions=None):
    versions = versions or project / "migrations" / "versions"
    output = subprocess.run([concur, "check", "--format", "json", str(versions)], capture_output=True, text=True)
    if output.returncode not in (0, 1):
        fail(f"concur check failed: {output.stderr}")
    report = json.loads(output.stdout)
    compared = 0
    for revision in sorted(versions.glob("*.py")):
        expected = reference_findings(revision)
        actual = [(f["line"], f["rule"]) for f in report["findings"] if pathlib.Path(f["path"]).name == revision.name]
        unmatched = list(actual)
        for first, last, rule in expected:
            match = next((a for a in unmatched if first <= a[0] <= last and a[1] == rule), None)
            if match is None:
                fail(f"{revision.name}: the reference finds {rule} on lines {first}-{last}; concur reports {actual}")
            unmatched.remove(match)
        if unmatched:
            fail(f"{revision.name}: concur reports {unmatched}, which the reference does not find")
        compared += len(expected)
    return report, compared


# ---------------------------------------------------------------- generated revisions

FORMS = [
    'op.drop_index("ix_{n}", table_name="t")',
    'op.drop_index(op.f("ix_{n}"), table_name="t", schema="app")',
    'op.drop_index(\n        "ix_{n}",  # why\n        table_name="t",\n    )',
    'op.drop_index("ix_{n}", table_name="t", postgresql_concurrently=True)',
    'op.drop_index("ix_{n}", "t", postgresql_concurrently=False)',
    'with op.get_context().autocommit_block():\n        op.drop_index("ix_{n}", table_name="t", postgresql_concurrently=True)',
    'with op.get_context().autocommit_block():\n        op.drop_index("ix_{n}", table_name="t")',
    'with op.get_context().autocommit_block():\n        op.execute("DROP INDEX CONCURRENTLY ix_{n}")',
    'with op.get_context().autocommit_block():\n        op.execute("DROP INDEX CONCURRENTLY a{n}; DROP INDEX CONCURRENTLY b{n}")',
    'op.execute("DROP INDEX ix_{n}")',
    'op.execute(sa.text("DROP INDEX CONCURRENTLY ix_{n}"))',
    "op.execute(text('drop index if exists ix_{n} restrict'))",
    'op.execute("""\n        DROP INDEX ix_{n};\n        DROP INDEX iy_{n};\n    """)',
    'op.execute("DROP INDEX " "ix_{n}, iy_{n}")',
    'op.execute("SELECT \'DROP INDEX ix_{n}\'")',
    'op.execute("CREATE INDEX ix_{n} ON t (a)")',
    '# op.drop_index("ix_{n}", table_name="t")',
    '"""op.drop_index("ix_{n}", table_name="t")"""',
    'log.info("op.execute(\'DROP INDEX ix_{n}\')")',
    'for name in ["a{n}", "b{n}"]:\n        op.drop_index(name, table_name="t")',
    'with op.batch_alter_table("t") as batch_op:\n        batch_op.drop_index("ix_{n}")',
    'with op.batch_alter_table("t") as b:\n        b.add_column(sa.Column("x", sa.Integer()))\n        b.drop_index(b.f("ix_{n}"))',
    'with op.batch_alter_table("t") as b2:\n        b2.drop_index("ix_{n}")\n        b2.drop_index("iy_{n}")',
    'search.drop_index("products_{n}")',
    'self_op.drop_index("ix_{n}")',
    'if True:\n        op.drop_index("ix_{n}", table_name="t")',
]


def generate(folder, count, seed):
    import random

    chooser = random.Random(seed)
    folder.mkdir(parents=True)
    for number in range(count):
        body = [chooser.choice(FORMS).format(n=f"{number}_{line}") for line in range(chooser.randint(1, 8))]
        helper = chooser.random() < 0.2
        text = (
            '"""A generated revision."""\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy import text\n\n'
            'revision = "r%d"\n\n\ndef upgrade():\n    ' % number + "\n    ".join(body) + "\n    pass\n"
        )
        if helper:
            text += '\n\ndef _helper():\n    op.drop_index("ix_helper_%d", table_name="t")\n' % number
        (folder / f"r{number:04}.py").write_text(text)
        ast.parse(text)


# ---------------------------------------------------------------- the offline oracle


def offline_sql_problems(sql):
    """Drops in Alembic's --sql output that lock the table or fail inside a transaction."""
    problems = []
    in_transaction = False
    for statement in sql.split(";\n"):
        text = " ".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
        upper = text.upper()
        if upper == "BEGIN":
            in_transaction = True
        elif upper == "COMMIT":
            in_transaction = False
        elif re.match(r"DROP\s+INDEX\b", upper):
            if "CONCURRENTLY" not in upper:
                problems.append("locks the table: " + text)
            elif in_transaction:
                problems.append("concurrent drop inside BEGIN … COMMIT: " + text)
    return problems


def alembic(project, *arguments, url=None):
    environment = dict(os.environ)
    if url:
        environment["CONCUR_ALEMBIC_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(project / "alembic.ini"), *arguments],
        capture_output=True, text=True, env=environment, cwd=project)


def main():
    arguments = sys.argv[1:]
    if not arguments:
        fail(__doc__)
    concur = arguments[0]
    pg = arguments[arguments.index("--pg") + 1:arguments.index("--pg") + 4] if "--pg" in arguments else None
    generated = int(arguments[arguments.index("--generate") + 1]) if "--generate" in arguments else 0
    seed = int(os.environ.get("CONCUR_ORACLE_SEED", str(uuid.uuid4().int % 100000)))

    workspace = pathlib.Path(tempfile.mkdtemp(prefix="concur-alembic-"))
    try:
        project = workspace / "project"
        shutil.copytree(FIXTURE, project)
        original = alembic(project, "upgrade", "head", "--sql")
        if original.returncode != 0:
            fail(f"the unfixed project does not render: {original.stderr}")
        if not offline_sql_problems(original.stdout):
            fail("the unfixed project shows no problem: the oracle would prove nothing")

        report, compared = check_against_reference(concur, project)
        unsafe = [f for f in report["findings"] if not f["fix"]["safe"]]
        if unsafe:
            fail(f"findings without a safe fix in the oracle project: {unsafe}")

        fixed = subprocess.run([concur, "fix", str(project)], capture_output=True, text=True)
        if fixed.returncode != 0:
            fail(f"concur fix exited {fixed.returncode}: {fixed.stdout}{fixed.stderr}")
        for revision in (project / "migrations" / "versions").glob("*.py"):
            py_compile.compile(str(revision), doraise=True)
        rendered = alembic(project, "upgrade", "head", "--sql")
        if rendered.returncode != 0:
            fail(f"alembic upgrade head --sql fails after the fix: {rendered.stderr}")
        problems = offline_sql_problems(rendered.stdout)
        if problems:
            fail("after the fix, Alembic still emits:\n  " + "\n  ".join(problems))
        drops = len(re.findall(r"DROP INDEX CONCURRENTLY", rendered.stdout, re.IGNORECASE))
        recheck = json.loads(subprocess.run(
            [concur, "check", "--format", "json", str(project)], capture_output=True, text=True).stdout)
        if recheck["findings"]:
            fail(f"concur still reports findings after its fix: {recheck['findings']}")
        if generated:
            folder = workspace / "generated" / "versions"
            generate(folder, generated, seed)
            _, more = check_against_reference(concur, workspace / "generated", folder)
            compared += more
            # Fixed, every generated revision still compiles, and what is left is what the
            # reference still finds: the drops concur reported without a safe fix.
            subprocess.run([concur, "fix", str(folder)], capture_output=True, text=True)
            for revision in folder.glob("*.py"):
                py_compile.compile(str(revision), doraise=True)
            after, _ = check_against_reference(concur, workspace / "generated", folder)
            if any(f["fix"]["safe"] for f in after["findings"]):
                fail("safe fixes are left after `concur fix` on the generated revisions")
        summary = f"{compared} findings match the ast reference (seed {seed}); offline: {drops} concurrent drops, none in a transaction"

        if pg:
            summary += "; " + online(project, workspace, pg)
        print(summary)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def online(project, workspace, pg):
    import psycopg

    host, port, user = pg
    admin = psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True)
    created = []

    def fresh_database():
        name = "concur_alembic_" + uuid.uuid4().hex[:10]
        admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return name, f"postgresql+psycopg://{user}@/{name}?host={host}&port={port}"

    try:
        name, url = fresh_database()
        upgraded = alembic(project, "upgrade", "head", url=url)
        if upgraded.returncode != 0:
            fail(f"the fixed revisions do not upgrade PostgreSQL: {upgraded.stderr}")
        with psycopg.connect(host=host, port=port, user=user, dbname=name) as connection:
            left = [row[0] for row in connection.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_%' ORDER BY 1")]
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if left:
            fail(f"indexes left after the fixed upgrade: {left}")
        if version != "0002":
            fail(f"alembic_version is {version} after the upgrade")

        # The form concur reports as an error really fails: a concurrent drop in Alembic's transaction.
        broken = workspace / "broken"
        shutil.copytree(FIXTURE, broken)
        (broken / "migrations" / "versions" / "0002_drop_indexes.py").write_text(
            'from alembic import op\n\nrevision = "0002"\ndown_revision = "0001"\n\n\ndef upgrade():\n'
            '    op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)\n')
        report = json.loads(subprocess.run(
            [sys.argv[1], "check", "--format", "json", str(broken)], capture_output=True, text=True).stdout)
        if [f["rule"] for f in report["findings"]] != [IN_TRANSACTION]:
            fail(f"concur does not report the concurrent drop in a transaction: {report['findings']}")
        _, url = fresh_database()
        failed = alembic(broken, "upgrade", "head", url=url)
        if failed.returncode == 0 or "cannot run inside a transaction block" not in failed.stderr:
            fail(f"the unfixed concurrent drop did not fail as expected: {failed.returncode} {failed.stderr[-400:]}")
        return "online: the fixed revisions upgrade PostgreSQL 15 and drop every index; the unfixed concurrent drop fails"
    finally:
        for name in created:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
