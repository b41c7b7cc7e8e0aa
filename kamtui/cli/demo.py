"""(to be written)"""

import click


def register(main: click.Group) -> None:
    pass
