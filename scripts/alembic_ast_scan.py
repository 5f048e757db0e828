#!/usr/bin/env python3
"""The Alembic baseline for scripts/benchmark.py: what a Python tool would do to find the same
calls concur finds — read every .py file under the given folders, parse it with `ast`, and list
op.drop_index / batch_op.drop_index calls without postgresql_concurrently=True and op.execute
calls whose constant SQL mentions DROP INDEX. Prints one line per finding."""
import ast
import os
import sys


def scan(path):
    with open(path, 'rb') as source:
        tree = ast.parse(source.read(), path)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == 'drop_index':
            concurrent = any(k.arg == 'postgresql_concurrently' and isinstance(k.value, ast.Constant)
                             and k.value.value is True for k in node.keywords)
            if not concurrent:
                print(f'{path}:{node.lineno}: drop_index without postgresql_concurrently=True')
        elif node.func.attr == 'execute' and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.Call) and argument.args:
                argument = argument.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str) \
                    and 'drop index' in argument.value.lower():
                print(f'{path}:{node.lineno}: op.execute with DROP INDEX')


for root in sys.argv[1:]:
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith('.py'):
                scan(os.path.join(folder, name))
