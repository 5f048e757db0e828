#!/usr/bin/env python3
"""Benchmarks concur against its peer (Squawk) and the cost of reading the bytes (grep).

Usage: scripts/benchmark.py [--runs N] [--files N] [--write docs/BENCHMARKS.md]

Generates reproducible corpora in .bench/ (10,000 SQL migrations of about 32 MB with functions,
comments, strings and every DROP INDEX form, and one 50 MB file), builds concur in release mode,
then times in one go, N runs each: `concur check --format json`, `squawk --reporter json`
(restricted to require-concurrent-index-deletion; it parses everything all the same) and
`grep -c "DROP INDEX"` over the same files. Prints medians, throughput, ratios and peak memory,
and with --write records them with the machine's description. Absolute times on a shared
machine are indicative; the ratios in one run are what to compare.
"""
import os, random, shutil, statistics, subprocess, sys, time

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


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def measure(command, runs):
    """Median wall time over `runs` runs, and peak memory (KB) from GNU time."""
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        # Output goes to a pipe, not /dev/null: GNU grep stops at the first match when it sees
        # that its output is /dev/null.
        result = subprocess.run(['/usr/bin/time', '-f', '%M'] + command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        lines = result.stderr.strip().splitlines()
        if lines and lines[-1].isdigit():
            peak = max(peak, int(lines[-1]))
    return statistics.median(times), peak


def squawk_exclusions(sample):
    """Every rule Squawk reports on the sample except ours, so it checks only that rule."""
    import json
    result = subprocess.run(['squawk', '--reporter', 'json', sample], capture_output=True, text=True)
    try:
        names = {v['rule_name'] for v in json.loads(result.stdout or '[]')}
    except ValueError:
        names = set()
    names.discard('require-concurrent-index-deletion')
    names.discard('syntax-error')
    return sorted(names)


def main():
    runs, files, write = 5, 10000, None
    args = iter(sys.argv[1:])
    for arg in args:
        if arg == '--runs': runs = int(next(args))
        elif arg == '--files': files = int(next(args))
        elif arg == '--write': write = next(args)
    subprocess.run(['swift', 'build', '-c', 'release', '--product', 'concur'], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    concur = os.path.join(subprocess.run(['swift', 'build', '-c', 'release', '--show-bin-path'], cwd=ROOT,
                                         capture_output=True, text=True).stdout.strip(), 'concur')
    corpus, big = generate(files)
    sql_files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    exclude = ','.join(squawk_exclusions(big if os.path.getsize(big) < 1 else sql_files[0]))
    rows = []
    for label, target in [(f'{files} files', corpus), ('one 50 MB file', big)]:
        megabytes = size_of(target) / 1e6
        squawk_targets = sql_files if os.path.isdir(target) else [target]
        tools = {
            'concur': [concur, 'check', '--format', 'json', target],
            'squawk': ['squawk', '--reporter', 'json'] + (['--exclude', exclude] if exclude else []) + squawk_targets,
            'grep': ['grep', '-rc', 'DROP INDEX', target],
        }
        results = {name: measure(command, runs) for name, command in tools.items()}
        for name, (seconds, peak) in results.items():
            rows.append((label, name, megabytes, seconds, peak,
                         results['squawk'][0] / seconds, seconds / results['grep'][0]))
    header = '| corpus | tool | MB | median s | MB/s | peak MB | squawk time ÷ this | this ÷ grep time |'
    lines = [header, '|---|---|---|---|---|---|---|---|']
    for label, name, megabytes, seconds, peak, versus_squawk, versus_grep in rows:
        lines.append(f'| {label} | {name} | {megabytes:.1f} | {seconds:.3f} | {megabytes / seconds:.1f} | '
                     f'{peak / 1024:.0f} | {versus_squawk:.1f} | {versus_grep:.1f} |')
    table = '\n'.join(lines)
    print(table)
    if write:
        cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), 'unknown')
        memory = next((l.split(':', 1)[1].strip() for l in open('/proc/meminfo') if l.startswith('MemTotal')), '?')
        squawk_version = subprocess.run(['squawk', '--version'], capture_output=True, text=True).stdout.strip()
        with open(os.path.join(ROOT, write), 'w') as out:
            out.write('# Benchmarks\n\n')
            out.write('`scripts/benchmark.py --write docs/BENCHMARKS.md` regenerates this page (see the script for what it runs).\n\n')
            out.write(f'Machine: {os.cpu_count()} cores, {cpu}, {memory} memory; {squawk_version}; '
                      f'{runs} runs each, medians.\n\n')
            out.write(table + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
