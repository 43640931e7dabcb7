"""`python -m ttdn user add|list|remove|passwd|role`: local accounts for the Data page."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ttdn import auth


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--users", type=Path, default=None, help="accounts file (TTDN_USERS; users.json by the DB)"
    )
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("add", help="thêm tài khoản / add an account")
    p.add_argument("name")
    p.add_argument("--role", choices=auth.ROLES, required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument(
        "--oidc", action="store_true", help="an e-mail signing in through OIDC: no password"
    )
    sub.add_parser("list", help="liệt kê / list accounts")
    p = sub.add_parser("remove", help="xóa tài khoản / remove an account")
    p.add_argument("name")
    p = sub.add_parser("passwd", help="đổi mật khẩu / set a new password (unlocks)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p = sub.add_parser("role", help="đổi vai trò / change the role")
    p.add_argument("name")
    p.add_argument("role", choices=auth.ROLES)


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu / password: ")
    again = getpass.getpass("Nhập lại / again: ")
    if first != again:
        raise auth.AuthError("Hai lần nhập không khớp", "The two entries differ")
    return first


def run_user(args) -> int:
    path = args.users
    try:
        if args.action == "add":
            password = None if args.oidc else _password(args)
            auth.add_user(args.name, args.role, password, path, oidc_only=args.oidc)
            print(f"Đã thêm / added: {args.name} ({args.role})")
        elif args.action == "list":
            for user in auth.list_users(path):
                how = "password" if user["password"] else "oidc"
                locked = f" locked until {user['locked_until']}" if user["locked_until"] else ""
                print(f"{user['name']}\t{user['role']}\t{how}{locked}")
        elif args.action == "remove":
            auth.remove_user(args.name, path)
            print(f"Đã xóa / removed: {args.name}")
        elif args.action == "passwd":
            auth.set_password(args.name, _password(args), path)
            print(f"Đã đổi mật khẩu / password changed: {args.name}")
        elif args.action == "role":
            auth.set_role(args.name, args.role, path)
            print(f"Đã đổi vai trò / role changed: {args.name} → {args.role}")
    except auth.AuthError as error:
        print(f"{error.vi}\n{error.en}", file=sys.stderr)
        return 1
    return 0
