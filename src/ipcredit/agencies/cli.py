"""``ipcredit agency``: agencies, people, discipline, interest relations, eligibility."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcredit.db.cli_support import OnOpt, day, out, service

agency_app = typer.Typer(help="信用服务机构与人员 / Agencies and people (§4).", no_args_is_help=True)


@agency_app.command("create")
def create(code: str, name: str,
           licence: Annotated[str | None, typer.Option(help="营业执照/许可编号")] = None,
           filing: Annotated[str | None, typer.Option(help="备案编号")] = None) -> None:
    """登记机构 / Register an agency (CODE is used in report numbers)."""
    from ipcredit.agencies.schemas import AgencyIn
    from ipcredit.agencies.service import register_agency

    with service() as uow:
        agency_id = register_agency(uow, _valid(AgencyIn, code=code, name=name, licence_no=licence, filing_no=filing))
    typer.echo(f"机构 {agency_id} 已登记 (agency registered)")


def _valid(schema, **data):
    from pydantic import ValidationError

    from ipcredit.errors import InputError, Problem

    try:
        return schema(**data)
    except ValidationError as exc:
        raise InputError([Problem(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]) from None


@agency_app.command("add-person")
def add_person(agency_id: int, name: str,
               kind: Annotated[str, typer.Option(help="evaluator 评价人员 / reviewer 专业评审 / expert 专家")] = "evaluator",
               qualified: Annotated[bool, typer.Option("--qualified/--no-qualified", help="信用从业资格")] = False,
               trained: Annotated[bool, typer.Option("--trained/--no-trained", help="知识产权培训")] = False,
               since: Annotated[str | None, typer.Option(help="从事信用服务起始日 YYYY-MM-DD")] = None) -> None:
    """登记人员 / Add a person to an agency."""
    from ipcredit.agencies.schemas import PersonIn
    from ipcredit.agencies.service import add_person as run

    with service() as uow:
        data = _valid(PersonIn, name=name, kind=kind, credit_qualification=qualified, ip_training=trained,
                      credit_service_since=day(since, "--since") if since else None)
        person_id = run(uow, agency_id, data)
    typer.echo(f"人员 {person_id} 已登记 (person added)")


@agency_app.command("discipline")
def discipline(person_id: int, reason: str, on: OnOpt = None) -> None:
    """记录处分 / Record a discipline of a person."""
    from ipcredit.agencies.service import record_discipline

    with service() as uow:
        record_discipline(uow, person_id, day(on), reason)
    typer.echo("处分已记录 (recorded)")


@agency_app.command("interest")
def interest(credit_code: str, description: str,
             agency: Annotated[int | None, typer.Option(help="机构编号")] = None,
             person: Annotated[int | None, typer.Option(help="人员编号")] = None, on: OnOpt = None) -> None:
    """声明利益关系 / Declare an agency's or person's interest relation with an enterprise."""
    from ipcredit.agencies.service import declare_interest

    with service() as uow:
        declare_interest(uow, credit_code, description, day(on), agency_id=agency, person_id=person)
    typer.echo("利益关系已声明 (declared)")


@agency_app.command("status")
def status(agency_id: int, on: OnOpt = None) -> None:
    """机构是否具备评价资格 / Is the agency eligible (§4.1)? Exit 1 when not."""
    from ipcredit.agencies.service import agency_status, people_status

    with service() as uow:
        st = agency_status(uow, agency_id, day(on))
        people = people_status(uow, agency_id, day(on))
    typer.echo(f"{st.name}: {'具备评价资格 (eligible)' if st.eligible else '不具备评价资格 (not eligible)'}，"
               f"合格评价人员 {st.qualified_evaluators} 名")
    for p in st.problems:
        typer.echo(f"  - {p}")
    for p in people:
        if p["kind"] != "evaluator":
            flag = "评审委员会席位（专业评审）" if p["kind"] == "reviewer" else "评审委员会席位（技术/行业专家）"
        else:
            flag = "可任项目负责人" if p["can_lead"] else ("合格评价人员" if p["qualified"] else "不合格：" + "；".join(p["problems"]))
        typer.echo(f"  [{p['id']}] {p['name']} ({p['kind']}, {p['years']} 年): {flag}")
    if not st.eligible:
        raise typer.Exit(1)


@agency_app.command("list")
def list_cmd() -> None:
    """列出机构 / List agencies."""
    from ipcredit.agencies.service import list_agencies

    with service() as uow:
        out([{"id": a.id, "code": a.code, "name": a.name, "licence_no": a.licence_no, "filing_no": a.filing_no,
              "qualification_revoked_on": a.qualification_revoked_on} for a in list_agencies(uow)])


def register(app: typer.Typer) -> None:
    app.add_typer(agency_app, name="agency")
