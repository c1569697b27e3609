"""/office and /content in the browser: axe-core (WCAG 2.1 A/AA, the widget's level), reflow at
320 px, keyboard use of the filters and the "description updated" button."""
from __future__ import annotations

from sqlalchemy import select

from connectors.models import QuestionRecord
from connectors.staff import auth

from app.test_insights import seed_traffic
from .conftest import check_page
from .test_handover_flow import PASSWORD


def seed(app) -> None:
    seed_traffic(app, n_conversations=300)
    clusterer = app.state.conversations.recorder.clusterer
    with app.state.db.sessions() as session:
        for record in session.scalars(select(QuestionRecord).where(QuestionRecord.unanswered_reason.is_not(None))):
            record.service_id = "fastlege" if record.id % 3 else record.service_id
            clusterer.assign(session, record)
        auth.create_user(session, "sjef", "admin", "Sjef Sjefsen", password=PASSWORD)
        session.commit()


def test_office_and_content_pages_pass_axe_reflow_and_work_by_keyboard(live_server, browser, axe_source):
    seed(live_server.app)
    base = live_server.url
    context = browser.new_context(locale="nb-NO", bypass_csp=True)  # the CSP forbids injected scripts
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        violations = {}

        def check(name):
            check_page(page, name, axe_source, violations)

        page.goto(f"{base}/staff/login?next=/office")
        page.get_by_label("Brukernavn").fill("sjef")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(f"{base}/office")
        assert page.locator("svg.chart").count() >= 4
        check("office")

        # The filters by keyboard: pick SMS, tab on to "Vis", press Enter.
        page.get_by_label("Kanal", exact=True).focus()
        page.keyboard.press("ArrowDown")  # "Alle kanaler" -> the next channel
        page.get_by_label("Kanal", exact=True).select_option("sms")
        for _ in range(3):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.textContent.trim()") == "Vis":
                break
        page.keyboard.press("Enter")
        page.wait_for_url("**channel=sms**")
        assert "SMS" in page.locator(".lead").inner_text()
        check("office, SMS only")

        page.goto(f"{base}/content")
        assert page.locator("li.cluster").count() > 0
        check("content")
        first = page.locator("li.cluster").first
        cluster_id = first.get_attribute("data-cluster")
        button = first.get_by_role("button", name="Beskrivelsen er oppdatert")
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**status=description_updated**")
        assert page.locator(f'li.cluster[data-cluster="{cluster_id}"]').count() == 0
        assert "Gruppen er lukket" in page.locator("#st-status-region").inner_text()
        check("content after an update")
        assert not violations, violations
        assert not errors, errors
    finally:
        context.close()
