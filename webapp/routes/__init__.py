"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import account, admin, applicant, auth, case_work, catalogue, lookup, main, staff

    for module in (main, auth, account, applicant, staff, case_work, admin, catalogue, lookup):
        app.register_blueprint(module.bp)
