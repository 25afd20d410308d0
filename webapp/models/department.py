from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class Department(db.Model):
    """A government department named in the rules' responsibility clauses."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="government")
    level: Mapped[str] = mapped_column(String(32), default="region")
    # Other names the texts and the administrators use (「经信委」 for 自治区经济和信息化委员会, …).
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Each renaming since the 2011 rules, oldest first: [{"on", "name_zh", "name_en", "source"}].
    # name_zh is the name today; the old names stay in aliases so lanes naming them still route.
    name_history: Mapped[list[dict] | None] = mapped_column(JSON)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))

    parent = relationship("Department", remote_side=[id])

    def name(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") else self.name_zh

    def __repr__(self) -> str:
        return f"<Department {self.code}>"
