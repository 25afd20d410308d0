"""The signed-in applicant's home puts their own cases and what waits on them before the programs."""

from tests.support.actors import DEMO_PASSWORD


def test_the_home_page_shows_the_correction_waiting_and_the_case(api, client):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="return", correction_items="1. 请补充鉴定证书")
    client.post("/login", data={"username": "tianshan", "password": DEMO_PASSWORD})
    home = client.get("/").get_data(as_text=True)
    correction = api.open_task("tianshan")["id"]
    assert 'id="waiting"' in home and f'href="/tasks/{correction}"' in home
    assert f'data-application="{application_id}"' in home
    assert home.index('id="my-cases"') < home.index('class="cards"')


def test_a_department_user_s_home_is_still_the_inbox(client):
    client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert client.get("/").headers["Location"].endswith("/tasks")
