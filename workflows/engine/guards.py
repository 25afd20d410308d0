"""Operations and builtins that could run for minutes or fill memory inside one C call.

A loop in Python ticks the budget at every pass; these do their work in C, where no tick can
interrupt them, so each is checked before it starts: the size of what `*`, `+`, `**`, `<<`,
`pow`, padding and formatting would build, and the builtins that consume an iterable (sum,
sorted, list, ...) are fed through a ticking iterator so that `sum(range(10**12))` is a loop
the budget sees.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal

from RestrictedPython.Guards import safer_getattr

from workflows.engine.limits import MemoryLimitExceeded, allocate, check_int_bits, current, tick

_SEQUENCES = (str, bytes, list, tuple)
_ITEM_BYTES = 8  # a list or tuple slot: a pointer


def _size_of(seq) -> int:
    return len(seq) * (1 if isinstance(seq, str | bytes) else _ITEM_BYTES)


def _repeat(seq, times: int):
    allocate(_size_of(seq) * max(times, 0), f"a {type(seq).__name__} repeated {times} times")
    return seq * times


def _multiply(left, right):
    if isinstance(left, _SEQUENCES) and isinstance(right, int):
        return _repeat(left, right)
    if isinstance(right, _SEQUENCES) and isinstance(left, int):
        return _repeat(right, left)
    if isinstance(left, int) and isinstance(right, int):
        check_int_bits(left.bit_length() + right.bit_length())
    return left * right


def _add(left, right):
    if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        allocate(_size_of(left) + _size_of(right), f"a {type(left).__name__} joined")
    return left + right


def _power(base, exponent, modulus=None):
    if modulus is None and isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        check_int_bits(exponent * base.bit_length())
    if isinstance(base, Decimal) or isinstance(exponent, Decimal):
        tick()  # Decimal keeps its context's precision: bounded
    return pow(base, exponent) if modulus is None else pow(base, exponent, modulus)


def _shift(left, right):
    if isinstance(left, int) and isinstance(right, int) and left and right > 0:
        check_int_bits(left.bit_length() + right)
    return left << right


_NUMBER = re.compile(r"\d+")
# A %-conversion: flags, width and precision (digits or *), e.g. `%-10.2f`, `%*d`.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?")


def _check_format(spec) -> None:
    """`'%10000000000d' % 1`, `f'{1:>9999999999}'`: a width or precision that big is a bomb.

    (`str.format` itself is refused by RestrictedPython.)"""
    widest = max((int(m) for m in _NUMBER.findall(spec)), default=0)
    if widest > current().format_width:
        raise MemoryLimitExceeded(f"a format width of {widest}, {current().format_width} allowed")


def _modulo(left, right):
    if isinstance(left, str | bytes):
        # Only the conversions' widths count: "金额 1000000 元 %s" is an ordinary template.
        text = left.decode("latin-1") if isinstance(left, bytes) else left
        for spec in _PERCENT_SPEC.findall(text):
            _check_format(spec)
        for value in right if isinstance(right, tuple) else (right,):
            if isinstance(value, int) and "*" in str(left) and value > current().format_width:
                raise MemoryLimitExceeded(f"a format width of {value}")
    return left % right


BINARY = {
    "Mult": _multiply,
    "Add": _add,
    "Pow": _power,
    "LShift": _shift,
    "Mod": _modulo,
}
_IN_PLACE = {
    "+=": _add,
    "-=": operator.sub,
    "*=": _multiply,
    "/=": operator.truediv,
    "//=": operator.floordiv,
    "%=": _modulo,
    "**=": _power,
}


def inplacevar(op: str, target, value):
    """RestrictedPython rewrites `a += b` into this call; only arithmetic operators are allowed."""
    if op not in _IN_PLACE:
        raise PermissionError(f"operator {op} is not allowed in model code")
    return _IN_PLACE[op](target, value)


def formatted(value, conversion: int, spec: str):
    """An f-string field with a format spec, `f"{x:>{width}}"`: the spec is checked first."""
    _check_format(spec)
    value = {ord("r"): repr, ord("s"): str, ord("a"): ascii}.get(conversion, lambda v: v)(value)
    return format(value, spec)


# -- methods that grow a string -----------------------------------------------------------------


def _checked_width(method, obj):
    def padded(width, *args):
        allocate(max(int(width), 0), f"a string padded to {width}")
        return method(width, *args)

    return padded


def _checked_replace(method, obj):
    def replace(old, new, count=-1):
        hits = obj.count(old) if count < 0 else min(count, obj.count(old))
        if not old:
            hits = len(obj) + 1
        allocate(len(obj) + hits * max(len(new) - len(old), 0), "a replaced string")
        return method(old, new, count)

    return replace


def _checked_expandtabs(method, obj):
    def expandtabs(tabsize=8):
        allocate(len(obj) + obj.count("\t" if isinstance(obj, str) else b"\t") * int(tabsize), "expanded tabs")
        return method(tabsize)

    return expandtabs


def _checked_join(method, obj):
    def join(iterable):
        parts = list(ticking(iterable))
        allocate(sum(len(p) for p in parts if isinstance(p, str | bytes)) + len(obj) * len(parts), "a joined string")
        return method(parts)

    return join


_STRING_METHODS = {
    "ljust": _checked_width,
    "rjust": _checked_width,
    "center": _checked_width,
    "zfill": _checked_width,
    "replace": _checked_replace,
    "expandtabs": _checked_expandtabs,
    "join": _checked_join,
}


def getattr_(obj, name, default=None):
    value = safer_getattr(obj, name, default)
    if isinstance(obj, str | bytes) and name in _STRING_METHODS:
        return _STRING_METHODS[name](value, obj)
    return value


# -- builtins that loop in C --------------------------------------------------------------------


def ticking(iterable):
    """Iterate as the budget sees it: one tick per item (RestrictedPython's `_getiter_` too)."""
    for item in iterable:
        tick()
        yield item


def _fed_by_ticks(builtin):
    def bounded(*args, **kwargs):
        args = tuple(
            ticking(a) if hasattr(a, "__iter__") and not isinstance(a, str | bytes | dict) else a for a in args
        )
        return builtin(*args, **kwargs)

    bounded.__name__ = builtin.__name__
    return bounded


def _int(value=0, *args):
    if isinstance(value, Decimal) and value.is_finite():
        check_int_bits(int(max(value.adjusted(), 0) * 3.33))
    return int(value, *args)


_LOOPING = ("min", "max", "sum", "any", "all", "sorted", "enumerate", "list", "tuple", "set", "dict")
_LAZY = ("map", "filter", "zip")  # lazy themselves, but list(map(...)) pulls through them in C

BUILTINS = {
    **{
        name: _fed_by_ticks(__builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name))
        for name in _LOOPING + _LAZY
    },
    "pow": _power,
    "int": _int,
}
