"""First system test: the live server serves the three apps to the administrator."""

from odoo_server import login


def test_admin_sees_the_three_apps(odoo):
    session = login(odoo.url, "admin", "admin")
    menus = session.get(f"{odoo.url}/web/webclient/load_menus", timeout=30).json()
    apps = {menus[str(menu_id)]["name"] for menu_id in menus["root"]["children"]}
    assert {"Biro Umum", "Library", "ePesanRuangan"} <= apps


def test_wrong_password_is_refused(odoo):
    try:
        login(odoo.url, "admin", "not-the-password")
    except AssertionError as error:
        assert "login as admin failed" in str(error)
    else:
        raise AssertionError("a wrong password logged in")


def test_login_page_in_a_real_browser(odoo, page):
    page.goto(f"{odoo.url}/web/login")
    page.fill("input[name=login]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("button[type=submit]")
    page.wait_for_url("**/odoo**")
    page.wait_for_selector(".o_navbar, .o_main_navbar")
    assert "/web/login" not in page.url
