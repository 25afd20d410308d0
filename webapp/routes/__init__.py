"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import (
        account,
        admin,
        applicant,
        attachments,
        audit,
        auth,
        case_work,
        catalogue,
        enterprise,
        lookup,
        main,
        processes,
        ratings,
        staff,
    )

    modules = (main, auth, account, applicant, attachments, enterprise, ratings, staff, case_work, admin, processes)
    for module in (*modules, audit, catalogue, lookup):
        app.register_blueprint(module.bp)
