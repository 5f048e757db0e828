#!/usr/bin/env python3
"""Benchmarks concur against its peer (Squawk) and the cost of reading the bytes (grep).

Usage: scripts/benchmark.py [--runs N] [--files N] [--alembic N] [--quick] [--write docs/BENCHMARKS.md]

Generates reproducible corpora in .bench/ (10,000 SQL migrations of about 32 MB with functions,
comments, strings and every DROP INDEX form, one 50 MB file, and 5,000 Alembic revisions) and,
when the shared corpus of real migrations sits beside the project (../shared/corpus/sql), copies
it 16 times into a temporary folder outside the project (about 10,000 real files, each copy with
its projects' own layouts, so that migration tools are detected as in those projects). It builds
concur as the README's "Install" section does (release, Swift runtime linked in), then times in one go, N runs each: `concur check --format json`,
`squawk --reporter json` (restricted to require-concurrent-index-deletion; it parses everything
all the same) and `grep -c "DROP INDEX"` over the SQL; `concur check` against a Python `ast`
scanner of the same Alembic calls (scripts/alembic_ast_scan.py) and grep over the revisions; and
concur's floor (`concur bench-floor`: the files found and read as check reads them, not analysed,
and the JSON report check made of them written out; its ratio to the peer is the most any
analysis could reach). The tools of a row take turns, run after run. Then one migration from start to exit (60 runs, taking
turns), concur against Squawk and grep: what a pull request's CI job or a hook pays. Then the reviewer: in-process (`concur bench-ui`: first screen, one 200×60 frame after a key,
re-check of a 1 MB file after accepting) and end to end in tmux (start to the first full screen).
Prints medians, throughput, ratios and peak memory (and each `--format`'s time and peak, and JSON's with a .concur.toml and with --since; `fix`, as a diff and writing), and with --write records them with the
machine's description. --quick (CI) uses small corpora and one run: it checks that the benchmark
works, not its figures. Absolute times on a shared machine are indicative; the ratios in one run
are what to compare. Every tool's output is read from a pipe and discarded, the same way for all.
"""
import os, random, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
BENCH = os.path.join(ROOT, '.bench')

STATEMENTS = [
    "CREATE TABLE {t} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    account_id bigint NOT NULL REFERENCES accounts (id),\n    status text NOT NULL DEFAULT 'new',\n    payload jsonb,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n",
    "CREATE INDEX {t}_status_idx ON {t} (status) WHERE status <> 'done';\n",
    "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {t}_account_idx ON {t} (account_id, created_at DESC);\n",
    "-- Backfill: DROP INDEX is mentioned here but this is a comment; it's fine.\nUPDATE {t} SET status = 'done' WHERE status = 'closed';\n",
    "COMMENT ON TABLE {t} IS 'Orders; the old DROP INDEX {t}_x was removed in 2021. It''s quoted.';\n",
    "CREATE OR REPLACE FUNCTION {t}_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n    NEW.updated_at := now();\n    IF NEW.status = 'x' THEN\n        EXECUTE 'DROP INDEX IF EXISTS {t}_tmp';\n    END IF;\n    RETURN NEW;\nEND\n$fn$;\n",
    "/* Multi-line comment\n   with /* nesting */ and DROP INDEX text inside */\nALTER TABLE {t} ADD COLUMN note text;\n",
    "DO $$ BEGIN RAISE NOTICE 'migrating {t}'; END $$;\n",
    "INSERT INTO {t} (account_id, status, payload) VALUES (1, E'new\\\\n', '{{\"k\": \"v;\"}}');\n",
    "DROP INDEX {t}_status_idx;\n",
    "drop index if exists \"public\".\"{t}_Legacy\";\n",
    "DROP INDEX CONCURRENTLY IF EXISTS {t}_old_idx;\n",
    "DROP INDEX {t}_a_idx, {t}_b_idx CASCADE;\n",
    "BEGIN;\nALTER TABLE {t} ADD COLUMN flag boolean;\nDROP INDEX {t}_flag_idx;\nCOMMIT;\n",
]


def generate(files):
    corpus = os.path.join(BENCH, f'corpus-{files}')
    big = os.path.join(BENCH, 'big.sql')
    if os.path.isdir(corpus) and os.path.exists(big):
        return corpus, big
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    rng = random.Random(20261125)
    for index in range(files):
        table = f'orders_{index}'
        parts = [rng.choice(STATEMENTS).format(t=table) for _ in range(rng.randint(20, 30))]
        with open(os.path.join(corpus, f'{20240101000000 + index}_migration_{index}.sql'), 'w') as out:
            out.write(''.join(parts))
    with open(big, 'w') as out:
        size, index = 0, 0
        while size < 50 * 1024 * 1024:
            text = ''.join(rng.choice(STATEMENTS).format(t=f'big_{index}') for _ in range(50))
            out.write(text)
            size += len(text.encode())
            index += 1
    return corpus, big


ALEMBIC_FORMS = [
    '    op.drop_index("ix_{t}_status", table_name="{t}")\n',
    '    op.drop_index(op.f("ix_{t}_created"), table_name="{t}", schema="app")\n',
    '    op.drop_index(\n        "ix_{t}_multi",\n        table_name="{t}",  # why\n    )\n',
    '    with op.get_context().autocommit_block():\n        op.drop_index("ix_{t}_ok", table_name="{t}", postgresql_concurrently=True)\n',
    '    op.execute("DROP INDEX ix_{t}_raw")\n',
    '    op.execute(sa.text("UPDATE {t} SET note = \'drop index later\' WHERE id < 10"))\n',
    '    op.add_column("{t}", sa.Column("note", sa.Text(), nullable=True))\n',
    '    op.create_index("ix_{t}_note", "{t}", ["note"], unique=False)\n',
    '    # op.drop_index("ix_{t}_commented")\n',
    '    with op.batch_alter_table("{t}") as batch_op:\n        batch_op.alter_column("note", nullable=False)\n        batch_op.drop_index("ix_{t}_batch")\n',
    '    op.create_table(\n        "{t}_archive",\n        sa.Column("id", sa.BigInteger(), primary_key=True),\n        sa.Column("payload", sa.JSON()),\n    )\n',
]


def copy_real_migrations(copies):
    """The shared corpus of real migrations copied `copies` times into a temporary folder outside
    the project (it is not ours to ship); None when the corpus is not beside the project."""
    source = os.path.join(ROOT, '..', 'shared', 'corpus', 'sql')
    if not os.path.isdir(source):
        return None
    target = os.path.join(tempfile.gettempdir(), f'concur-bench-real-migrations-x{copies}')
    if not os.path.isdir(target):
        # Only the migrations: the corpus's own index files are not what any tool would read.
        keep_sql = lambda folder, names: [n for n in names
                                          if not n.endswith('.sql') and not os.path.isdir(os.path.join(folder, n))]
        for copy in range(copies):
            shutil.copytree(source, os.path.join(target, f'copy{copy:02}'), ignore=keep_sql)
    return target


def branch_repository(corpus):
    """A git repository whose second commit adds the corpus (under db/) to an empty first one:
    `check --since HEAD~1` in it keeps every file, after asking git which files the branch
    changed, as a CI job on a pull request does."""
    repository = corpus + '-git'
    if os.path.isdir(os.path.join(repository, '.git')):
        return repository
    shutil.rmtree(repository, ignore_errors=True)
    shutil.copytree(corpus, os.path.join(repository, 'db'))
    identity = {'GIT_AUTHOR_NAME': 'bench', 'GIT_AUTHOR_EMAIL': 'bench@example.com',
                'GIT_COMMITTER_NAME': 'bench', 'GIT_COMMITTER_EMAIL': 'bench@example.com'}
    env = {**os.environ, **identity}
    for command in (['init', '-q'], ['commit', '-q', '--allow-empty', '-m', 'empty'], ['add', 'db'],
                    ['commit', '-q', '-m', 'the corpus']):
        subprocess.run(['git', '-C', repository] + command, env=env, check=True)
    return repository


def prisma_project(corpus):
    """The generated corpus laid out as Prisma lays out migrations: a folder each, named by its
    version, holding migration.sql, beside migration_lock.toml. Every migration then runs in one
    transaction, and a drop's fix moves it into a new migration numbered after its own: what a
    folder's versions cost is measured with it."""
    project = corpus + '-prisma'
    migrations = os.path.join(project, 'prisma', 'migrations')
    lock = os.path.join(migrations, 'migration_lock.toml')
    if os.path.exists(lock):
        return project
    shutil.rmtree(project, ignore_errors=True)
    os.makedirs(migrations)
    for name in sorted(os.listdir(corpus)):
        folder = os.path.join(migrations, name[:-len('.sql')])
        os.makedirs(folder)
        shutil.copyfile(os.path.join(corpus, name), os.path.join(folder, 'migration.sql'))
    with open(lock, 'w') as out:
        out.write('provider = "postgresql"\n')
    return project


def sql_files_under(folder):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith('.sql'))


def generate_alembic(count):
    folder = os.path.join(BENCH, f'alembic-{count}', 'versions')
    if os.path.isdir(folder):
        return folder
    os.makedirs(folder)
    rng = random.Random(20261126)
    for index in range(count):
        table = f'orders_{index}'
        body = ''.join(rng.choice(ALEMBIC_FORMS).format(t=table) for _ in range(rng.randint(8, 16)))
        text = (f'"""Revision {index}.\n\nRevision ID: r{index}\nRevises: r{index - 1}\n"""\n'
                'from alembic import op\nimport sqlalchemy as sa\n\n'
                f'revision = "r{index}"\ndown_revision = "r{index - 1}"\n\n\n'
                f'def upgrade():\n{body}\n\ndef downgrade():\n    pass\n')
        with open(os.path.join(folder, f'r{index:05}_revision.py'), 'w') as out:
            out.write(text)
    return folder


def tmux_first_screen(concur, corpus, runs):
    """Seconds from starting `concur review` in a tmux pane (120×40) to the first finding on screen.

    The tmux server and its pane are started first (with a placeholder command), so that what is
    timed is concur: the clock starts when `respawn-pane` replaces the placeholder with concur,
    and stops when capture-pane first shows a finding."""
    if not shutil.which('tmux'):
        return None
    times = []
    for run in range(runs):
        socket = f'concur-bench-{os.getpid()}-{run}'
        tmux = ['tmux', '-L', socket]
        subprocess.run(tmux + ['-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', '120', '-y', '40',
                               'sleep 600'], check=True)
        subprocess.run(tmux + ['set-option', '-t', 'b', 'remain-on-exit', 'on'], check=True)
        start = time.perf_counter()
        subprocess.run(tmux + ['respawn-pane', '-k', '-t', 'b', f'{concur} review {corpus}'], check=True)
        seen = None
        while time.perf_counter() - start < 30:
            screen = subprocess.run(tmux + ['capture-pane', '-p', '-t', 'b'], capture_output=True, text=True).stdout
            if 'finding 1/' in screen:
                seen = time.perf_counter() - start
                break
            time.sleep(0.002)
        subprocess.run(tmux + ['kill-server'], capture_output=True)
        if seen is None:
            # With tmux at hand the reviewer must come up: a release binary whose terminal UI is
            # broken fails the benchmark (and the CI run of its quick mode) instead of leaving a row
            # out.
            sys.exit(f'{concur} review {corpus} showed no finding in a tmux pane within 30 s:\n{screen}')
        times.append(seen)
    return statistics.median(times)


def elf_kind(path):
    """'static PIE', 'static executable', 'dynamic PIE' or 'dynamic executable', from the ELF
    header's type and whether a program header names an interpreter (the dynamic loader)."""
    import struct
    with open(path, 'rb') as binary:
        header = binary.read(64)
        if header[:4] != b'\x7fELF' or header[4] != 2:
            return 'not a 64-bit ELF file'
        elf_type, = struct.unpack_from('<H', header, 16)
        program_headers, = struct.unpack_from('<Q', header, 32)
        entry_size, entry_count = struct.unpack_from('<HH', header, 54)
        binary.seek(program_headers)
        table = binary.read(entry_size * entry_count)
    interpreted = any(struct.unpack_from('<I', table, i * entry_size)[0] == 3 for i in range(entry_count))
    return ('dynamic ' if interpreted else 'static ') + ('PIE' if elf_type == 3 else 'executable')


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def measure_taking_turns(commands, runs, peak_memory=True):
    """Median wall time of each command over `runs` runs, its peak memory (KB) and median CPU time
    (user + system seconds), both from GNU time unless `peak_memory` is false (for runs of a few
    milliseconds, which GNU time would lengthen; the CPU time is then 0). The commands take turns,
    run after run, so that the moods of this shared machine weigh on each alike instead of on
    whichever ran during a slow minute."""
    times = {name: [] for name in commands}
    cpus = {name: [] for name in commands}
    peaks = {name: 0 for name in commands}
    buffer = bytearray(1 << 20)
    for _ in range(runs):
        for name, command in commands.items():
            # Output goes to a pipe, not /dev/null: GNU grep stops at the first match when it
            # sees that its output is /dev/null. The pipe is drained a megabyte at a time into
            # one buffer and discarded, the same way for every tool, as a CI log or a file would
            # take it: collecting it in Python (subprocess.run's PIPE) spent a core's worth of
            # copying, on a two-core machine, on the tool that prints most (concur's JSON carries
            # each fix) — 0.217 against 0.158 s on the 10,000 files in the tenth round.
            timed = ['/usr/bin/time', '-f', '%M %U %S'] if peak_memory else []
            with tempfile.TemporaryFile() as errors:
                start = time.perf_counter()
                process = subprocess.Popen(timed + command, stdout=subprocess.PIPE, stderr=errors, bufsize=0)
                while process.stdout.readinto(buffer):
                    pass
                process.stdout.close()
                process.wait()
                times[name].append(time.perf_counter() - start)
                errors.seek(0)
                lines = errors.read().decode(errors='replace').strip().splitlines() if peak_memory else []
            fields = lines[-1].split() if lines else []
            if len(fields) == 3 and fields[0].isdigit():
                peaks[name] = max(peaks[name], int(fields[0]))
                cpus[name].append(float(fields[1]) + float(fields[2]))
    return {name: (statistics.median(times[name]), peaks[name], statistics.median(cpus[name]) if cpus[name] else 0.0)
            for name in commands}


def pathological_inputs(folder, n):
    """Files of one shape each, n drops (or comments) in each: what made concur take time in the
    square of n before (the seventeenth and eighteenth rounds). Returns (label, path, command words)."""
    def put(name, text):
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as out:
            out.write(text)
        return os.path.dirname(path) if name.endswith('.py') else path
    revision = ('from alembic import op\nimport sqlalchemy as sa\n\nrevision = "r1"\ndown_revision = None\n\n\n'
                'def upgrade():\n{}\n\ndef downgrade():\n    pass\n')
    block = put('block.sql', 'BEGIN;\n' + ''.join(f'DROP INDEX ix_{i};\nUPDATE t SET a = {i};\n' for i in range(n)) + 'COMMIT;\n')
    return [
        ('SQL: one transaction block of n drops and n updates', block, ['check', '--format', 'json']),
        ('SQL: the same, `fix --diff`', block, ['fix', '--diff']),
        ('SQL: n drops on one line', put('oneline.sql', ' '.join(f'DROP INDEX ix_{i};' for i in range(n)) + '\n'),
         ['check', '--format', 'text']),
        ('SQL: n drops, each after an ignore comment',
         put('ignored.sql', ''.join(f'-- concur-ignore require-concurrent-index-deletion\nDROP INDEX ix_{i};\n'
                                    for i in range(n))), ['check', '--format', 'json']),
        ('Alembic: one batch block of n drops',
         put('batch/versions/r1_batch.py', revision.format('    with op.batch_alter_table("t") as batch_op:\n' + ''.join(
             f'        batch_op.drop_index("ix_{i}")\n' for i in range(n)))), ['check', '--format', 'json']),
        ('Alembic: one batch block of n drops among n other operations',
         put('mixed/versions/r1_mixed.py', revision.format('    with op.batch_alter_table("t") as batch_op:\n' + ''.join(
             f'        batch_op.drop_index("ix_{i}")\n        batch_op.alter_column("c{i}", nullable=False)\n'
             for i in range(n)))), ['check', '--format', 'json']),
        ('Alembic: n drops, each with an ignore comment at its end',
         put('ignores/versions/r1_ignores.py', revision.format(''.join(
             f'    op.drop_index("ix_{i}", table_name="t")  # concur-ignore require-concurrent-index-deletion\n'
             for i in range(n)))), ['check', '--format', 'json']),
        ('Alembic: one op.execute of n drops',
         put('execute/versions/r1_execute.py', revision.format('    op.execute("""\n' + ''.join(
             f'DROP INDEX ix_{i};\n' for i in range(n)) + '""")')), ['check', '--format', 'json']),
    ]


def growth_table(concur, runs, n):
    """Each pathological shape at n and 4n: a cost linear in n takes about 4 times as long at 4n,
    one in the square of n 16 times."""
    folder = tempfile.mkdtemp(prefix='concur-bench-growth-')
    small = pathological_inputs(os.path.join(folder, 'small'), n)
    large = pathological_inputs(os.path.join(folder, 'large'), 4 * n)
    commands = {}
    for index, ((label, path, words), (_, large_path, _)) in enumerate(zip(small, large)):
        commands[(index, 'small')] = [concur] + words + [path]
        commands[(index, 'large')] = [concur] + words + [large_path]
    measured = measure_taking_turns(commands, runs, peak_memory=False)
    lines = [f'| input (n = {n:,} and {4 * n:,}) | median s at n | at 4n | ratio (4 linear, 16 square) |',
             '|---|---|---|---|']
    for index, (label, _, _) in enumerate(small):
        at_n = measured[(index, 'small')][0]
        at_4n = measured[(index, 'large')][0]
        lines.append(f'| {label} | {at_n:.3f} | {at_4n:.3f} | {at_4n / at_n:.1f} |')
    shutil.rmtree(folder)
    return '\n'.join(lines)


def squawk_exclusions(squawk, samples):
    """Every rule Squawk reports on the sample files except ours, so it checks only that rule."""
    import json
    result = subprocess.run([squawk, '--reporter', 'json'] + samples, capture_output=True, text=True)
    try:
        names = {v['rule_name'] for v in json.loads(result.stdout or '[]')}
    except ValueError:
        names = set()
    names.discard('require-concurrent-index-deletion')
    names.discard('syntax-error')
    return sorted(names)


def squawk_executable():
    """Squawk's own program, not a launcher in front of it: pip puts the binary beside the
    interpreter, while the `squawk` first on PATH may be a version manager's shim (pyenv's is a
    bash script that starts pyenv, about 75 ms a run), which would charge the peer for a launcher.
    None when Squawk is not installed."""
    candidates = [os.path.join(os.path.dirname(sys.executable), 'squawk'), shutil.which('squawk')]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            with open(path, 'rb') as program:
                if program.read(4) == b'\x7fELF':
                    return path
    return shutil.which('squawk')


def main():
    runs, files, alembic_count, write, quick = 5, 10000, 5000, None, False
    args = iter(sys.argv[1:])
    for arg in args:
        if arg == '--runs': runs = int(next(args))
        elif arg == '--files': files = int(next(args))
        elif arg == '--alembic': alembic_count = int(next(args))
        elif arg == '--write': write = next(args)
        elif arg == '--quick': quick = True
    if quick:
        runs, files, alembic_count = 1, 200, 100
    # The release binary the README's "Install" section makes: one static PIE, which starts
    # without loading or binding any shared library (docs/DECISIONS.md, "How the release binary
    # is linked").
    build = subprocess.run([os.path.join(ROOT, 'scripts', 'build-release.sh')], cwd=ROOT,
                           capture_output=True, text=True)
    if build.returncode != 0:
        sys.exit(f'scripts/build-release.sh failed:\n{build.stderr}')
    concur = build.stdout.strip()
    concur_kind = elf_kind(concur)
    if concur_kind != 'static PIE':
        sys.exit(f'{concur} is a {concur_kind}, not the static PIE scripts/build-release.sh makes')
    corpus, big = generate(files)
    alembic = generate_alembic(alembic_count)
    real = None if quick else copy_real_migrations(16)
    sql_files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    squawk = squawk_executable()
    has_squawk = squawk is not None
    samples = sql_files[:1] + (sql_files_under(real)[:700] if real else [])
    exclude = ','.join(squawk_exclusions(squawk, samples)) if has_squawk else ''
    # Squawk restricted to the rule concur checks; the files follow.
    squawk_command = [squawk, '--reporter', 'json'] + (['--exclude', exclude] if exclude else [])
    rows = []
    targets = [(f'{files} SQL files', corpus), ('one 50 MB SQL file', big), (f'{alembic_count} Alembic revisions', alembic)]
    if quick:
        targets = targets[::2]
    if real:
        targets.insert(1, (f'{len(sql_files_under(real))} real migrations (shared corpus ×16)', real))
    targets.insert(2 if real else 1, (f'{files} Prisma migrations (a folder each)', prisma_project(corpus)))
    reports = tempfile.mkdtemp(prefix='concur-bench-reports-')
    for label, target in targets:
        megabytes = size_of(target) / 1e6
        # concur's floor: the same binary finds and reads the same files on every core, as check
        # does, without analysing them, and writes the report check made of them (made here,
        # once). Its time is what no analysis can go below; what check takes beyond it is the
        # analyses and the making of the report.
        report = os.path.join(reports, f'{len(rows)}.json')
        with open(report, 'wb') as out:
            subprocess.run([concur, 'check', '--format', 'json', target], stdout=out)
        floor = {'concur floor': [concur, 'bench-floor', '--report', report, target]}
        if target == alembic:
            tools = {
                'concur': [concur, 'check', '--format', 'json', target],
                'python ast': [sys.executable, os.path.join(ROOT, 'scripts', 'alembic_ast_scan.py'), target],
                **floor,
                'grep': ['grep', '-rc', 'drop_index', target],
            }
            peer = 'python ast'
        else:
            squawk_targets = (sql_files if target == corpus else sql_files_under(target)) if os.path.isdir(target) else [target]
            tools = {'concur': [concur, 'check', '--format', 'json', target]}
            if has_squawk:
                tools['squawk'] = squawk_command + squawk_targets
            tools.update(floor)
            tools['grep'] = ['grep', '-rc', 'DROP INDEX', target]
            peer = 'squawk' if has_squawk else 'grep'
        results = measure_taking_turns(tools, runs)
        for name, (seconds, peak, cpu) in results.items():
            rows.append((label, name, megabytes, seconds, cpu, peak, peer,
                         results[peer][0] / seconds, seconds / results['grep'][0]))
    shutil.rmtree(reports, ignore_errors=True)
    # One migration, as a pull request or a pre-commit hook checks it: the time from start to exit.
    one = next((f for f in (sql_files_under(real) if real else []) if b'DROP INDEX' in open(f, 'rb').read()),
               sql_files[0])
    one_tools = {'concur': [concur, 'check', '--format', 'json', one], 'grep': ['grep', '-c', 'DROP INDEX', one]}
    if has_squawk:
        one_tools['squawk'] = squawk_command + [one]
    one_times = {name: seconds for name, (seconds, _, _) in
                 measure_taking_turns(one_tools, 10 if quick else 60, peak_memory=False).items()}
    one_peer = 'squawk' if has_squawk else 'grep'
    one_table = '\n'.join(
        [f'| one migration ({os.path.basename(one)}), start to exit | median ms | peer time ÷ this | this ÷ grep time |',
         '|---|---|---|---|']
        + [f'| {name} | {seconds * 1000:.2f} | {one_times[one_peer] / seconds:.2f} (vs {one_peer}) | '
           f'{seconds / one_times["grep"]:.2f} |' for name, seconds in one_times.items()])
    # CPU s: user + system time, all threads (both cores busy: about twice the wall time); CPU ns/B:
    # the work per byte of input, whatever the number of cores a run could use.
    header = ('| corpus | tool | MB | median s | MB/s | CPU s | CPU ns/B | peak MB | peer time ÷ this '
              '| this ÷ grep time |')
    lines = [header, '|---|---|---|---|---|---|---|---|---|---|']
    for label, name, megabytes, seconds, cpu, peak, peer, versus_peer, versus_grep in rows:
        lines.append(f'| {label} | {name} | {megabytes:.1f} | {seconds:.3f} | {megabytes / seconds:.1f} | '
                     f'{cpu:.2f} | {cpu / megabytes * 1000:.1f} | '
                     f'{peak / 1024:.0f} | {versus_peer:.1f} (vs {peer}) | {versus_grep:.1f} |')
    table = '\n'.join(lines) + '\n\n' + one_table
    print(table)
    # Time and peak memory of every output format on the SQL corpus (each streams its output).
    formats = ['text', 'json', 'sarif', 'github', 'gcc', 'gitlab']
    commands = {f: [concur, 'check', '--format', f, corpus] for f in formats}
    # And JSON for a project with a configuration, as most teams have: every file found is matched
    # against its [files] patterns and every file analysed against its [tools] ones, each path
    # made relative to the configuration's folder, and each finding given its configured severity.
    configured = 'json, configured'
    configuration = os.path.join(BENCH, 'concur-bench.toml')
    with open(configuration, 'w') as out:
        name = os.path.basename(corpus)
        out.write(f'[files]\nexclude = ["{name}/seeds/**", "**/*_draft.sql"]\n\n'
                  f'[tools]\n"{name}/prisma/**/migration.sql" = "prisma"\n\n'
                  '[rules]\n"require-concurrent-index-deletion" = "error"\n')
    commands[configured] = [concur, 'check', '--format', 'json', '--config', configuration, corpus]
    # And JSON on a branch (`--since`), every file of the corpus changed on it.
    on_branch = 'json, --since'
    repository = branch_repository(corpus)
    commands[on_branch] = ['sh', '-c', 'cd "$1" && exec "$2" check --format json --since HEAD~1 db', 'sh',
                           repository, concur]
    by_format = measure_taking_turns(commands, runs)
    columns = formats + [configured, on_branch]
    memory_table = '\n'.join([
        f'| `check --format` on {files} SQL files | ' + ' | '.join(columns) + ' | target |',
        '|---|' + '---|' * (len(columns) + 1),
        '| median s | ' + ' | '.join(f'{by_format[f][0]:.3f}' for f in columns) + ' | |',
        '| peak MB | ' + ' | '.join(f'{by_format[f][1] / 1024:.0f}' for f in columns) + ' | ≤ 64 |',
    ])
    print()
    print(memory_table)
    # fix: as a diff (nothing written), and writing every file of a fresh copy of the corpus,
    # each flushed to disk before it replaces the original (the copy is not timed).
    fix_diff = measure_taking_turns({'diff': [concur, 'fix', '--diff', corpus]}, runs)['diff']
    fix_times = []
    for _ in range(max(1, min(runs, 3))):
        copy = tempfile.mkdtemp(prefix='concur-bench-fix-')
        target = os.path.join(copy, 'db')
        shutil.copytree(corpus, target)
        start = time.perf_counter()
        subprocess.run([concur, 'fix', target], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        fix_times.append(time.perf_counter() - start)
        shutil.rmtree(copy)
    fix_table = '\n'.join([
        f'| `fix` on {files} SQL files in one folder | median s | peak MB |', '|---|---|---|',
        f'| `fix --diff` (nothing written) | {fix_diff[0]:.3f} | {fix_diff[1] / 1024:.0f} |',
        f'| `fix` (every fixed file flushed, then renamed over the original; {len(fix_times)} runs) | '
        f'{statistics.median(fix_times):.2f} | |',
    ])
    print()
    print(fix_table)
    memory_table += '\n\n' + fix_table
    growth = growth_table(concur, max(1, runs), 500 if quick else 5000)
    print()
    print(growth)
    memory_table += '\n\n' + growth
    import json
    ui = [json.loads(subprocess.run([concur, 'bench-ui', corpus], capture_output=True, text=True, check=True).stdout)
          for _ in range(max(1, runs))]
    median = lambda key: statistics.median(u[key] for u in ui)
    # The same tree laid out as a Prisma project: a folder to read for every migration.
    prisma_ui = [json.loads(subprocess.run([concur, 'bench-ui', prisma_project(corpus)], capture_output=True, text=True,
                                           check=True).stdout) for _ in range(max(1, runs))]
    prisma_median = lambda key: statistics.median(u[key] for u in prisma_ui)
    end_to_end = tmux_first_screen(concur, corpus, max(1, runs))
    ui_lines = [
        '| reviewer, in-process (cell grid) | median ms | target |', '|---|---|---|',
        f'| find the {files} files | {median("findMs"):.0f} | |',
        f'| start to the first full screen (first 32 files analysed) | {median("firstScreenMs"):.0f} | ≤ 150 |',
        f'| the whole scan | {median("fullScanMs"):.0f} | (continues after the first screen) |',
        f'| the {files} files as a Prisma project (a folder each): found / first full screen / whole scan | '
        f'{prisma_median("findMs"):.0f} / {prisma_median("firstScreenMs"):.0f} / {prisma_median("fullScanMs"):.0f} | ≤ 150 (first screen) |',
        f'| one 200×60 frame after a key (median / p95) | {median("frameMedianMs"):.2f} / {median("frameP95Ms"):.2f} | ≤ 5 |',
        f'| re-check a 1 MB file after accepting a fix | {median("recheck1MBMedianMs"):.1f} | ≤ 10 |',
        f'| a file of 2,000 / 8,000 drops: accept one rewrite | {median("acceptOneOf2000Ms"):.1f} / '
        f'{median("acceptOneOf8000Ms"):.1f} | |',
        f'| a file of 2,000 / 8,000 drops: accept every rewrite (`a`) | {median("acceptAllOf2000Ms"):.1f} / '
        f'{median("acceptAllOf8000Ms"):.1f} | |',
    ]
    if end_to_end is not None:
        ui_lines.append(f'| end to end in tmux: start to the first finding on screen | {end_to_end * 1000:.0f} | ≤ 150 |')
    ui_table = '\n'.join(ui_lines)
    print()
    print(ui_table)
    if write:
        cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown')
        memory = next((l.split(':', 1)[1].strip() for l in open('/proc/meminfo') if l.startswith('MemTotal')), '?')
        squawk_version = subprocess.run([squawk, '--version'], capture_output=True, text=True).stdout.strip() if has_squawk else 'no squawk'
        path = os.path.join(ROOT, write)
        notes = ''
        if os.path.exists(path):
            existing = open(path).read()
            marker = '\n## Where it stands'
            if marker in existing:
                notes = existing[existing.index(marker):]
        with open(path, 'w') as out:
            out.write('# Benchmarks\n\n')
            out.write('`scripts/benchmark.py --write docs/BENCHMARKS.md` regenerates the tables (see the script for what it runs).\n\n')
            out.write(f'Machine: {os.cpu_count()} cores, {cpu}, {memory} memory; {squawk_version}; '
                      f'concur built by scripts/build-release.sh ({concur_kind}); {runs} runs each, medians.\n\n')
            out.write('"concur floor" is `concur bench-floor`: the files found and read as `check` reads them, not '
                      'analysed, and the JSON report `check` made of them written out. Its ratio to the peer is the '
                      'most any analysis could reach on this machine.\n\n')
            out.write(table + '\n\n' + memory_table + '\n\n' + ui_table + '\n' + notes)
    return 0


if __name__ == '__main__':
    sys.exit(main())
