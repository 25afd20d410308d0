"""Every room's HTML blueprints, registered on the app. The JSON API registers its own (webapp/api)."""


def register_blueprints(app) -> None:
    from webapp.applications.routes import applicant, attachments, lookup, ratings
    from webapp.common import site
    from webapp.department_work.routes import calendar, case_work, staff
    from webapp.documents import routes as documents_pages
    from webapp.money import routes as money_pages
    from webapp.people.routes import account, administration, auth, enterprise
    from webapp.processes.routes import admin, audit_trail, catalogue, processes
    from webapp.statistics.routes import statistics

    for module in (
        site,
        auth,
        account,
        enterprise,
        administration,
        applicant,
        attachments,
        ratings,
        lookup,
        staff,
        case_work,
        calendar,
        admin,
        audit_trail,
        processes,
        catalogue,
        money_pages,
        documents_pages,
        statistics,
    ):
        app.register_blueprint(module.bp)
