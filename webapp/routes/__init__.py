"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import (
        admin,
        applicant,
        attachments,
        auth,
        catalogue,
        enterprise,
        lookup,
        main,
        processes,
        ratings,
        staff,
    )

    for module in (main, auth, applicant, attachments, enterprise, ratings, staff, admin, processes, catalogue, lookup):
        app.register_blueprint(module.bp)
