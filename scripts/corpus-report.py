#!/usr/bin/env python3
"""How concur's rewrites fare on the shared corpus of real migrations, per migration tool.

Usage: scripts/corpus-report.py CONCUR [CORPUS_DIR]   (default: ../shared/corpus/sql)

The corpus stores files flattened; this script lays them out again under their original paths
(SOURCES.tsv), adds the diesel metadata.toml files the corpus notes, runs `concur check --format
json`, counts findings, fixes offered per strategy and fixes refused, per tool, then runs `concur
fix` and checks with pglast that no fixed file that its tool runs in a transaction, or as one
query string holding several statements, contains a concurrent drop. Needs `pip install pglast`.
Prints a Markdown table; exits 1 if a fixed file would fail.
"""
import csv, json, os, shutil, subprocess, sys, tempfile
from collections import Counter, defaultdict

from pglast import parser, ast, enums
from pglast.parser import ParseError


def strategy(fix):
    if fix is None:
        return 'none'
    if not fix['safe']:
        return 'refused'
    title = fix['title']
    if fix.get('files'):
        return 'new migration' if title.startswith('Move the drop into a new migration') else 'tool switch file'
    if 'switch the transaction off' in title:
        return 'tool opt-out'
    if title.startswith('Move the drop after'):
        return 'moved out of BEGIN/COMMIT'
    if 'statement of its own' in title:
        return 'split'
    return 'in place'


def runs_in_transaction(tool, text, path):
    """Whether the tool runs this file inside a transaction or as one multi-statement string."""
    head = text.lstrip('\ufeff')
    try:
        statements = len(parser.parse_sql(text))
    except ParseError:
        statements = 2
    directory = os.path.dirname(path)
    if tool in ('prisma', 'golang-migrate'):
        return statements > 1
    if tool == 'diesel':
        metadata = os.path.join(directory, 'metadata.toml')
        off = os.path.exists(metadata) and 'run_in_transaction = false' in open(metadata).read()
        return not off or statements > 1
    if tool == 'postgres-migrations':
        return not head.startswith('-- postgres-migrations disable-transaction') or statements > 1
    if tool == 'graphile-migrate':
        return not head.startswith('--! no-transaction') or statements > 1
    if tool == 'atlas':
        return '-- atlas:txmode none' not in head
    if tool == 'flyway':
        return True
    return False  # psql, sqitch: statement by statement; explicit blocks are checked by concur itself


def main():
    concur = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'corpus', 'sql')
    work = tempfile.mkdtemp(prefix='concur-corpus-')
    try:
        rows = list(csv.DictReader(open(os.path.join(corpus, 'SOURCES.tsv')), delimiter='\t'))
        for row in rows:
            target = os.path.join(work, row['repo'].replace('/', '__'), row['path'])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, row['local_file']), target)
            if 'metadata.toml' in (row.get('no_transaction_hint') or ''):
                with open(os.path.join(os.path.dirname(target), 'metadata.toml'), 'w') as out:
                    out.write('run_in_transaction = false\n')
        report = json.loads(subprocess.run([concur, 'check', '--format', 'json', work], capture_output=True).stdout)
        per_tool = defaultdict(Counter)
        for finding in report['findings']:
            counts = per_tool[finding['tool']]
            counts['findings'] += 1
            counts[strategy(finding['fix'])] += 1
        subprocess.run([concur, 'fix', work], capture_output=True)
        failures = []
        checked = 0
        for finding_path in sorted({f['path'] for f in report['findings']}):
            tool = next(f['tool'] for f in report['findings'] if f['path'] == finding_path)
            text = open(finding_path, encoding='utf-8', errors='replace').read()
            try:
                statements = parser.parse_sql(text)
            except ParseError:
                continue
            checked += 1
            concurrent = [s for s in statements if isinstance(s.stmt, ast.DropStmt)
                          and s.stmt.removeType == enums.ObjectType.OBJECT_INDEX and s.stmt.concurrent]
            if concurrent and runs_in_transaction(tool, text, finding_path):
                original = open(os.path.join(corpus, next(r['local_file'] for r in rows
                    if os.path.join(work, r['repo'].replace('/', '__'), r['path']) == finding_path)), encoding='utf-8', errors='replace').read()
                before = sum(1 for s in parser.parse_sql(original) if isinstance(s.stmt, ast.DropStmt)
                             and s.stmt.removeType == enums.ObjectType.OBJECT_INDEX and s.stmt.concurrent)
                if len(concurrent) > before:
                    failures.append(finding_path)
        columns = ['findings', 'in place', 'split', 'moved out of BEGIN/COMMIT', 'tool opt-out', 'tool switch file',
                   'new migration', 'refused']
        print('| tool | ' + ' | '.join(columns) + ' |')
        print('|---' * (len(columns) + 1) + '|')
        total = Counter()
        for tool in sorted(per_tool):
            total.update(per_tool[tool])
            print(f'| {tool} | ' + ' | '.join(str(per_tool[tool][c]) for c in columns) + ' |')
        print('| **total** | ' + ' | '.join(str(total[c]) for c in columns) + ' |')
        print(f'\n{len(report["findings"])} findings in {report["filesChecked"]} files; {checked} fixed files re-parsed with '
              f'pglast; {len(failures)} fixed files would run a new concurrent drop inside a transaction.')
        for f in failures:
            print('FAIL', f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
