"""HTML blueprints: thin — parse input, call one service, render."""


def register_blueprints(app) -> None:
    from webapp.routes import admin, applicant, auth, catalogue, lookup, main, processes, staff

    for module in (main, auth, applicant, staff, admin, processes, catalogue, lookup):
        app.register_blueprint(module.bp)
