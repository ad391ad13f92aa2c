"""Organizations and their users."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.enums import OrgKind, Role
from models.organization import Organization, User


def create_org(session: Session, *, name: str, kind: OrgKind) -> Organization:
    org = Organization(name=name, kind=kind)
    session.add(org)
    session.flush()
    return org


def get_org(session: Session, org_id: int) -> Organization | None:
    return session.get(Organization, org_id)


def find_org(session: Session, *, name: str) -> Organization | None:
    return session.exec(select(Organization).where(Organization.name == name)).first()


def create_user(
    session: Session, *, org_id: int, email: str, role: Role, password_hash: str, display_name: str | None = None
) -> User:
    user = User(org_id=org_id, email=email, role=role, password_hash=password_hash, display_name=display_name)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(func.lower(User.email) == email.lower())).first()


def list_users(session: Session, *, org_id: int, limit: int, offset: int) -> tuple[list[User], int]:
    query = select(User).where(User.org_id == org_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(User.id)).limit(limit).offset(offset)).all()
    return list(rows), int(total)


def update_user(session: Session, user: User, *, role: Role | None, is_active: bool | None) -> User:
    if role is not None:
        user.role = role
    if is_active is not None:
        user.is_active = is_active
    session.add(user)
    session.flush()
    return user


def set_password_hash(session: Session, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    session.add(user)
    session.flush()
