"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import (
        account,
        admin,
        applicant,
        attachments,
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
    for module in (*modules, catalogue, lookup):
        app.register_blueprint(module.bp)
    from webapp.documents import routes as documents

    app.register_blueprint(documents.bp)
