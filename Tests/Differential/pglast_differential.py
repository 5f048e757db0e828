#!/usr/bin/env python3
"""Differential test of concur against the real PostgreSQL parser (pglast / libpg_query).

Usage: pglast_differential.py CONCUR [--generate N] [--seed S] [DIR ...]

For every .sql file under the DIRs, plus N generated files (hand-made mixes of DROP INDEX forms,
comments, strings, dollar quotes, function bodies, transaction blocks and CRLF line endings):

1. concur's findings (`concur check --format json`) must be exactly the DROP INDEX statements
   pglast sees that are not concurrent, or concurrent but with several names, CASCADE, or inside
   an explicit transaction block: same file, line, column and rule.
2. After `concur fix`, every file must still parse, and the only DROP INDEX statements left that
   would lock a table or fail are those concur reported without a safe fix.

Files pglast cannot parse (psql meta-commands, COPY data, Go templates) are compared after
replacing `{{ … }}` templates by an identifier, on lines only; files that still do not parse are
counted and left out. Prints a summary; exits 1 on any disagreement.
"""
import json, os, random, re, shutil, subprocess, sys, tempfile

from pglast import parser, ast, enums
from pglast.parser import ParseError

TEMPLATE = re.compile(r'\{\{[^{}]*\}\}')
TX_BEGIN = {enums.TransactionStmtKind.TRANS_STMT_BEGIN, enums.TransactionStmtKind.TRANS_STMT_START}
TX_END = {enums.TransactionStmtKind.TRANS_STMT_COMMIT, enums.TransactionStmtKind.TRANS_STMT_ROLLBACK,
          enums.TransactionStmtKind.TRANS_STMT_PREPARE}


def skip_trivia(text, i):
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text.startswith('--', i):
            j = text.find('\n', i)
            i = n if j < 0 else j + 1
        elif text.startswith('/*', i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith('/*', i): depth, i = depth + 1, i + 2
                elif text.startswith('*/', i): depth, i = depth - 1, i + 2
                else: i += 1
        else:
            break
    return i


def position(text, offset):
    line = text.count('\n', 0, offset) + 1
    return line, offset - (text.rfind('\n', 0, offset) + 1) + 1


def expected_findings(text):
    """(line, column, rule) for every DROP INDEX that concur must report; None if unparsable."""
    exact = True
    try:
        statements = parser.parse_sql(text)
    except ParseError:
        if not TEMPLATE.search(text):
            return None, False
        text = TEMPLATE.sub('auth', text)
        exact = False
        try:
            statements = parser.parse_sql(text)
        except ParseError:
            return None, False
    found, in_block = [], False
    for raw in statements:
        stmt = raw.stmt
        if isinstance(stmt, ast.TransactionStmt):
            if stmt.kind in TX_BEGIN: in_block = True
            elif stmt.kind in TX_END and not getattr(stmt, 'chain', False): in_block = False
        if isinstance(stmt, ast.DropStmt) and stmt.removeType == enums.ObjectType.OBJECT_INDEX:
            start = skip_trivia(text, raw.stmt_location or 0)
            line, column = position(text, start)
            cascade = stmt.behavior == enums.DropBehavior.DROP_CASCADE
            if not stmt.concurrent:
                rule = 'require-concurrent-index-deletion'
            elif len(stmt.objects) > 1 or cascade:
                rule = 'ban-unsupported-concurrent-index-deletion'
            elif in_block:
                rule = 'ban-concurrent-index-deletion-in-transaction'
            else:
                continue
            found.append((line, column if exact else None, rule))
    return found, exact


def read_text(path):
    raw = open(path, 'rb').read()
    if raw.startswith(b'\xef\xbb\xbf'):
        raw = raw[3:]
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        return None


# ---------------------------------------------------------------- generator

def generate(rng, path):
    def kw(word):
        return rng.choice([word.upper(), word.lower(), word.capitalize()])

    def gap():
        return rng.choice([' ', ' ', ' ', '\n    ', '\t', ' /* c */ ', ' -- note\n ', ' /* a /* nested */ b */ '])

    def name():
        base = rng.choice(['idx_a', 'orders_status_idx', 'Mixed', 'ünï_idx', 'idx$1$', 'x'])
        quoted = '"' + base.replace('"', '""') + '"' if base in ('Mixed', 'ünï_idx') or rng.random() < 0.2 else base
        if base == 'idx$1$' and quoted.startswith('"'):
            quoted = base
        if rng.random() < 0.25:
            quoted = rng.choice(['public', '"App"', 's']) + '.' + quoted
        return quoted

    def drop():
        parts = [kw('drop'), gap(), kw('index')]
        if rng.random() < 0.35: parts += [gap(), kw('concurrently')]
        if rng.random() < 0.4: parts += [gap(), kw('if'), ' ', kw('exists')]
        names = [name() for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        parts += [gap(), (',' + rng.choice([' ', '\n  '])).join(names)]
        r = rng.random()
        if r < 0.1: parts += [gap(), kw('cascade')]
        elif r < 0.25: parts += [gap(), kw('restrict')]
        return ''.join(parts) + ';'

    noise = [
        "CREATE TABLE t_%d (id int, note text);",
        "CREATE INDEX idx_%d ON t (c);",
        "SELECT 'DROP INDEX in_string_%d;', 'it''s';",
        "SELECT E'\\' DROP INDEX escaped_%d; \\\\', e'x';",
        "SELECT $$ DROP INDEX dollar_%d; $$, $tag$ $$ DROP INDEX t $$ $tag$;",
        "-- DROP INDEX commented_%d;\nSELECT 1;",
        "/* DROP INDEX a; /* nested */ DROP INDEX b_%d; */ SELECT 2;",
        "SELECT \"DROP INDEX quoted_%d;\" FROM t;",
        "CREATE FUNCTION f_%d() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  DROP INDEX in_body;\n  IF true THEN NULL; END IF;\nEND\n$fn$;",
        "DO $$ BEGIN EXECUTE 'DROP INDEX in_do'; END $$;",
        "SELECT CASE WHEN 1 = %d THEN 'a' END;",
        "UPDATE t SET note = 'x;y' WHERE id = %d;",
        "CREATE RULE r_%d AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);",
        "SELECT U&'d\\0061t' AS \"U&\", B'101', X'1F', $1;".replace('$1', '1'),
        "ALTER TABLE t ADD COLUMN c_%d int;",
    ]

    pieces = []
    for i in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.4:
            pieces.append(drop())
        elif r < 0.55:
            body = []
            for _ in range(rng.randint(1, 4)):
                body.append(drop() if rng.random() < 0.5 else rng.choice(noise).replace('%d', str(i)))
            begin = rng.choice(['BEGIN;', 'begin work;', 'START TRANSACTION;', 'BEGIN ISOLATION LEVEL READ COMMITTED;'])
            end = rng.choice(['COMMIT;', 'END;', 'commit;', 'ROLLBACK;', 'COMMIT;'])
            pieces.append('\n'.join([begin] + body + [end]))
        else:
            pieces.append(rng.choice(noise).replace('%d', str(i)))
    text = '\n'.join(pieces) + rng.choice(['\n', '', '\n\n'])
    if rng.random() < 0.3:
        text = text.replace('\n', '\r\n')
    data = text.encode('utf-8')
    if rng.random() < 0.1:
        data = b'\xef\xbb\xbf' + data
    with open(path, 'wb') as out:
        out.write(data)


# ---------------------------------------------------------------- comparison

def concur_json(concur, files):
    result = subprocess.run([concur, 'check', '--format', 'json', *files], capture_output=True)
    if result.returncode not in (0, 1, 2):
        raise SystemExit(f'concur check exited {result.returncode}: {result.stderr.decode()}')
    return json.loads(result.stdout)


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    concur, dirs, count, seed = args[0], [], 300, 20261125
    rest = iter(args[1:])
    for a in rest:
        if a == '--generate': count = int(next(rest))
        elif a == '--seed': seed = int(next(rest))
        else: dirs.append(a)
    work = tempfile.mkdtemp(prefix='concur-pglast-')
    try:
        files = []
        for d in dirs:
            for root, _, names in os.walk(d):
                files += [os.path.join(root, n) for n in names if n.endswith('.sql')]
        rng = random.Random(seed)
        gen_dir = os.path.join(work, 'generated')
        os.makedirs(gen_dir)
        for i in range(count):
            path = os.path.join(gen_dir, f'{i:04d}.sql')
            generate(rng, path)
            files.append(path)
        files.sort()
        # Copies, so that fixing never touches the inputs.
        copies = {}
        for i, f in enumerate(files):
            copy = os.path.join(work, 'copies', f'{i:05d}.sql')
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(f, copy)
            copies[copy] = f
        paths = sorted(copies)
        report = concur_json(concur, paths)
        by_file = {}
        for finding in report['findings']:
            by_file.setdefault(finding['path'], []).append(finding)
        problems, compared, statements, left_out, lines_only = [], 0, 0, 0, 0
        for path in paths:
            text = read_text(path)
            expected, exact = (None, False) if text is None else expected_findings(text)
            if expected is None:
                left_out += 1
                continue
            compared += 1
            statements += len(expected)
            lines_only += 0 if exact else 1
            actual = [(f['line'], f['column'] if exact else None, f['rule']) for f in by_file.get(path, [])]
            if sorted(actual) != sorted(expected):
                problems.append(f'{copies[path]}: pglast expects {sorted(expected)}, concur reports {sorted(actual)}')
        # Fix, then re-parse.
        fix = subprocess.run([concur, 'fix', *paths], capture_output=True)
        if fix.returncode not in (0, 1, 2):
            problems.append(f'concur fix exited {fix.returncode}: {fix.stderr.decode()[:500]}')
        fixed_checked = 0
        for path in paths:
            text = read_text(path)
            if text is None:
                continue
            original_text = read_text(copies[path])
            before, _ = expected_findings(original_text) if original_text is not None else (None, False)
            if before is None:
                continue
            after, _ = expected_findings(text)
            if after is None:
                problems.append(f'{copies[path]}: no longer parses after concur fix')
                continue
            fixed_checked += 1
            unfixable = sum(1 for f in by_file.get(path, []) if not (f['fix'] or {}).get('safe'))
            if len(after) != unfixable:
                problems.append(f'{copies[path]}: after fixing, {len(after)} bad drops remain but concur reported {unfixable} without a safe fix')
        for p in problems[:40]:
            print('MISMATCH', p)
        print(f'pglast differential: {compared} files compared ({lines_only} on lines only, after template substitution), '
              f'{left_out} left out (pglast cannot parse them), {statements} DROP INDEX findings expected, '
              f'{fixed_checked} fixed files re-parsed, {len(problems)} disagreements')
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
