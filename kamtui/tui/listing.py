"""The rows a list screen shows, read from the database a page at a time.

Sorting, the ``/`` text filter, quick filters and the customer filter are all SQL
conditions, so a list never loads every row: a page is ``LIMIT``/``OFFSET`` (read
backwards from the end when the cursor is in the second half, so ``End`` on
500,000 rows costs one short query) and the size is a ``COUNT(*)``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce
from typing import Any, NamedTuple

import peewee as pw

from kamtui.db.models import Customer
from kamtui.db.search import icontains
from kamtui.tui.entities import CUSTOMER, EntityView

#: Rows read from the head of a sort index to find a filtered list's first page.
PROBE = 2000


class Row(NamedTuple):
    id: int
    customer_id: int | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: an entity, its sort, and the filters in force."""

    view: EntityView
    today: date
    sort: int = 0
    descending: bool = False
    text: str = ""
    quick: str = "all"
    customer_id: int | None = None
    #: Extra SQL conditions (a detail view's "this stakeholder's meetings").
    extra: tuple[Any, ...] = ()

    @classmethod
    def default(cls, view: EntityView, today: date) -> ListQuery:
        return cls(view, today, view.sort[0], view.sort[1])

    def with_(self, **changes: Any) -> ListQuery:
        return replace(self, **changes)

    def narrows(self, earlier: ListQuery) -> bool:
        """Every row of this list is in ``earlier``: the same list with words typed
        further (each earlier word is part of a word now), as the filter is typed."""
        if self.text == earlier.text or replace(self, text="") != replace(earlier, text=""):
            return False
        # Letter for letter, not case-folded: SQLite's LIKE folds ASCII letters only,
        # so "MÜ" does not find every row "mü" finds.
        words = self.text.split()
        return all(any(old in word for word in words) for old in earlier.text.split())

    def within(self, ids: list[int]) -> ListQuery:
        """The same list read only among ``ids``, rows known to hold all of it."""
        return replace(self, extra=(*self.extra, self.view.model.id.in_(ids)))

    @property
    def filtered(self) -> bool:
        """Some rows are left out (words, a quick filter, one customer, a detail's own)."""
        return bool(
            self.text.strip() or self.quick != "all" or self.customer_id is not None or self.extra
        )

    # -- SQL --------------------------------------------------------------------

    def _conditions(self) -> list[Any]:
        view = self.view
        where: list[Any] = list(self.extra)
        quick = view.quick_filters.get(self.quick)
        if quick is not None:
            where.append(quick(self.today))
        if self.customer_id is not None:
            where.append(view.customer_id == self.customer_id)
        own = [c for c in view.columns if c.matches_text and c.key != "customer"]
        by_customer = view.model is not Customer and any(
            c.key == "customer" and c.matches_text for c in view.columns
        )
        for word in self.text.split():
            matches = []
            for column in own:
                expr = column.expr(self.today)
                if column.options:
                    hits = [o for o in column.options if word.casefold() in o.casefold()]
                    if hits:
                        matches.append(expr.in_(hits))
                else:
                    matches.append(icontains(expr, word))
            if by_customer:
                # A sub-select on the (small) customer table, not a join per row.
                named = Customer.select(Customer.id).where(icontains(Customer.name, word))
                matches.append(view.model.customer.in_(named))
            where.append(reduce(operator.or_, matches) if matches else pw.Value(False))
        return where

    def _query(self, *selected: Any, join: bool = False) -> pw.ModelSelect:
        model = self.view.model
        query = model.select(*selected)
        if join and model is not Customer:
            query = query.join_from(
                model, CUSTOMER, pw.JOIN.LEFT_OUTER, on=(model.customer == CUSTOMER.id)
            )
        where = self._conditions()
        if where:
            query = query.where(*where)
        return query

    def count(self) -> int:
        return self._query(pw.fn.COUNT(self.view.model.id)).scalar() or 0

    def _order(self, backwards: bool, *, walk: bool = False) -> list[Any]:
        column = self.view.columns[self.sort]
        descending = self.descending != backwards
        expr = column.expr(self.today)
        if self.filtered and not walk:
            # A filtered list is sorted, never read by walking an index of the sort
            # column: for a rare word or status, the walk would visit the whole table
            # row by row before finding a page (a second on 200,000 meetings). The
            # same value wrapped in COALESCE cannot be walked: one scan and a sort.
            expr = pw.fn.COALESCE(expr, expr)
        # Blanks sort last whichever way the user sorts (first when read backwards).
        nulls = "FIRST" if backwards else "LAST"
        key = expr.desc(nulls=nulls) if descending else expr.asc(nulls=nulls)
        ident = self.view.model.id
        return [key, ident.desc() if descending else ident.asc()]

    def _walkable(self) -> bool:
        """The sort column is a column of the entity that an index is ordered by."""
        column = self.view.columns[self.sort]
        expr = column.expr(self.today)
        model = self.view.model
        if column.key == "customer" or not isinstance(expr, pw.Field) or expr.model is not model:
            return False
        if expr.primary_key or expr.index or expr.unique:
            return True
        return any(
            isinstance(spec, tuple) and spec[0] and spec[0][0] == expr.name
            for spec in model._meta.indexes
        )

    def _probe(self, limit: int) -> list[int] | None:
        """The first ``limit`` ids of a filtered list, read from the head of the sort
        column's index, or None when the first :data:`PROBE` rows hold fewer matches.

        A filtered list is sorted in full (see :meth:`_order`), which costs a scan of
        the table even when nearly every row matches. Rows read in index order are in
        the list's order, so if the first ``PROBE`` of them hold ``limit`` matches,
        those are the page: a common word shows its rows in milliseconds, and a rare
        one costs this short read more.
        """
        conditions = self._conditions()
        # A list with extra conditions (a record's own, a narrowed filter) is short:
        # the index's head would seldom hold a page of it.
        if not conditions or self.extra or limit > PROBE or not self._walkable():
            return None
        model = self.view.model
        matches = reduce(operator.and_, conditions)
        head = model.select(model.id, matches).order_by(*self._order(False, walk=True))
        found = [row_id for row_id, hit in head.limit(PROBE).tuples() if hit]
        return found[:limit] if len(found) >= limit else None

    def page(self, offset: int, limit: int, total: int | None = None) -> list[Row]:
        """Rows ``offset`` to ``offset + limit`` in the list's order.

        First the ids alone are sorted (cheap: no column is computed for rows that
        are not shown), then the page's rows are read by id.
        """
        view = self.view
        model = view.model
        sort_join = view.columns[self.sort].key == "customer"
        ids_query = self._query(model.id, join=sort_join)
        backwards = total is not None and offset > total // 2
        probed = self._probe(limit) if offset == 0 else None
        if probed is not None:
            ids = probed
        elif backwards:
            end = min(offset + limit, total)  # type: ignore[type-var]
            ids_query = ids_query.order_by(*self._order(True))
            ids_query = ids_query.limit(max(end - offset, 0)).offset(total - end)  # type: ignore[operator]
            ids = [row_id for (row_id,) in ids_query.tuples()]
        else:
            ids_query = ids_query.order_by(*self._order(False)).limit(limit).offset(offset)
            ids = [row_id for (row_id,) in ids_query.tuples()]
        if backwards:
            ids.reverse()
        if not ids:
            return []
        exprs = [col.expr(self.today) for col in view.columns]
        customer = model.id if model is Customer else model.customer
        rows_query = model.select(model.id, customer, *exprs)
        if model is not Customer and any(col.key == "customer" for col in view.columns):
            rows_query = rows_query.join_from(
                model, CUSTOMER, pw.JOIN.LEFT_OUTER, on=(model.customer == CUSTOMER.id)
            )
        found = {values[0]: values for values in rows_query.where(model.id.in_(ids)).tuples()}
        return [
            Row(
                values[0],
                values[1],
                tuple(col.format(v) for col, v in zip(view.columns, values[2:], strict=True)),
            )
            for values in (found[i] for i in ids if i in found)
        ]
