"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import account, admin, applicant, auth, catalogue, lookup, main, staff

    for module in (main, auth, account, applicant, staff, admin, catalogue, lookup):
        app.register_blueprint(module.bp)
