"""`servicetorg user add|list|password`: staff users of the inbox (in the app's database).

    servicetorg user add kari --role staff --name "Kari Nordvik" [--email E] [--password P | --password -]

Without --password the password is asked for (twice) on a terminal; `--password -` reads it from
stdin; with no terminal and no password, one is generated and printed once.
"""
from __future__ import annotations

import getpass
import sys

HELP = "Add or list the staff users of the inbox (roles: staff, content_owner, admin)."


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="Add a user.")
    add.add_argument("username")
    add.add_argument("--role", choices=("staff", "content_owner", "admin"), default="staff")
    add.add_argument("--name", required=True, help='the name shown to colleagues and citizens ("Kari Nordvik")')
    add.add_argument("--email", help="e-mail (for content owners: the owner e-mail in their descriptions)")
    add.add_argument("--password", help="the password; '-' reads it from stdin; omit to be asked (or to generate one)")
    sub.add_parser("list", help="List the users.")
    password = sub.add_parser("password", help="Set a new password for a user.")
    password.add_argument("username")
    password.add_argument("--password", help="the password; '-' reads it from stdin; omit to be asked (or to generate one)")


def run(args) -> int:
    from connectors.config import AppConfig
    from connectors.db import Database

    db = Database(AppConfig().database_url)
    db.migrate()
    return {"add": _add, "list": _list, "password": _password}[args.action](db, args)


def _read_password(option):
    """The password from the option, stdin, or a prompt; None means: generate one."""
    if option == "-":
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise SystemExit("servicetorg user: no password on stdin")
        return line
    if option is not None:
        return option
    if sys.stdin.isatty():
        first = getpass.getpass("Passord: ")
        if first != getpass.getpass("Gjenta passordet: "):
            raise SystemExit("servicetorg user: the passwords differ")
        return first
    return None


def _add(db, args) -> int:
    from connectors.staff.auth import UserError, create_user

    password = _read_password(args.password)
    with db.sessions() as session:
        try:
            user, generated = create_user(session, args.username, args.role, args.name, email=args.email,
                                          password=password)
        except UserError as err:
            print(f"servicetorg user add: {err}", file=sys.stderr)
            return 1
    print(f"Opprettet {user.username} ({user.role}): {user.display_name}")
    if generated:
        print(f"Passord (vises bare nå): {generated}")
    return 0


def _list(db, args) -> int:
    from sqlalchemy import select

    from connectors.models import User

    with db.sessions() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
    if not users:
        print("Ingen brukere ennå. Legg til med `servicetorg user add`.", file=sys.stderr)
        return 0
    width = max(len(u.username) for u in users)
    for u in users:
        print(f"{u.username:<{width}}  {u.role:<13}  {u.display_name}" + (f"  <{u.email}>" if u.email else ""))
    return 0


def _password(db, args) -> int:
    from connectors.staff.auth import UserError, set_password

    password = _read_password(args.password)
    with db.sessions() as session:
        try:
            user, generated = set_password(session, args.username, password)
        except UserError as err:
            print(f"servicetorg user password: {err}", file=sys.stderr)
            return 1
    print(f"Nytt passord satt for {user.username}; alle innlogginger for brukeren er avsluttet.")
    if generated:
        print(f"Passord (vises bare nå): {generated}")
    return 0
