"""RestrictedPython's policy, plus the calls that let a runaway model stop itself.

Added to the restricted AST at compile time (cached, so once per distinct piece of code):
- `_tick_()` at the top of every `while` body and every function body (lambdas too); `for` loops and
  comprehensions already iterate through `_getiter_`, which ticks per item;
- `_binop_('Mult', a, b)` for `*`, `+`, `**`, `<<` and `%`, which check the size of the result
  before C code builds it (see `guards.py`);
- f-string fields with a format spec go through `_format_`, which checks the width;
- a bare `except:` becomes `except Exception:` (the limits are BaseExceptions, so a model
  cannot swallow them and loop on).
"""

from __future__ import annotations

import ast

from RestrictedPython.transformer import RestrictingNodeTransformer

from workflows.engine.guards import BINARY


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])


def _tick(at: ast.AST) -> ast.Expr:
    return _placed(ast.Expr(_call("_tick_")), at)


def _placed(new: ast.AST, old: ast.AST) -> ast.AST:
    return ast.fix_missing_locations(ast.copy_location(new, old))


class LimitingTransformer(RestrictingNodeTransformer):
    def visit_While(self, node: ast.While):
        node = super().visit_While(node)
        node.body.insert(0, _tick(node.body[0]))
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef):
        node = super().visit_FunctionDef(node)
        node.body.insert(0, _tick(node.body[0]))
        return node

    def visit_Lambda(self, node: ast.Lambda):
        # A lambda's body is one expression: `_tick_() or body` ticks, then gives the body's value.
        node = super().visit_Lambda(node)
        node.body = _placed(ast.BoolOp(op=ast.Or(), values=[_call("_tick_"), node.body]), node.body)
        return node

    def visit_BinOp(self, node: ast.BinOp):
        node = super().visit_BinOp(node)
        kind = type(node.op).__name__
        if kind not in BINARY:
            return node
        return _placed(_call("_binop_", ast.Constant(kind), node.left, node.right), node)

    def visit_FormattedValue(self, node: ast.FormattedValue):
        node = super().visit_FormattedValue(node)
        if node.format_spec is None:
            return node
        checked = _call("_format_", node.value, ast.Constant(node.conversion), node.format_spec)
        return _placed(ast.FormattedValue(value=checked, conversion=-1, format_spec=None), node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler):
        node = super().visit_ExceptHandler(node)
        if node.type is None:
            node.type = _placed(ast.Name("Exception", ast.Load()), node)
        return node
