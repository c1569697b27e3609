"""The widget in headless Chromium: keyboard only, axe-core (WCAG 2.1 A/AA), reflow at 320 px,
a reload that keeps the conversation, and a screenshot (var/screenshots/widget.png)."""
from __future__ import annotations

import json


from .conftest import SCREENSHOTS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id: str, limit: int = 40) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return presses
    raise AssertionError(f"Tab never reached #{element_id} (last: {active_id(page)!r})")


def open_widget(page, url: str) -> None:
    page.goto(url)
    page.locator("#st-launcher").click()
    page.locator("#st-panel").wait_for(state="visible")
    page.wait_for_function("document.querySelector('#st-status').textContent.includes('Tilkoblet')")


def send(page, text: str) -> None:
    page.locator("#st-input").fill(text)
    page.keyboard.press("Enter")


def test_keyboard_only(page, live_server):
    page.goto(live_server.url)
    tab_to(page, "st-launcher")
    page.keyboard.press("Enter")
    page.locator("#st-panel").wait_for(state="visible")
    assert active_id(page) == "st-input"  # focus moves in on open

    page.keyboard.type("Hva koster SFO?")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("For ett barn")
    assert page.locator("#st-input").input_value() == "Hva koster SFO?\nFor ett barn"
    page.keyboard.press("Enter")
    bot = page.locator("#st-log .st-msg-bot")
    bot.first.wait_for()
    assert "Svar på: Hva koster SFO?" in bot.first.inner_text()
    assert page.locator("#st-log .st-msg-citizen").count() == 1
    assert page.locator("#st-input").input_value() == ""
    assert active_id(page) == "st-input"
    assert page.locator("#st-typing").is_hidden()

    tab_to(page, "st-human")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#st-status').textContent.includes('kø')")
    assert page.locator("#st-log .st-msg-system").count() == 1
    assert active_id(page) == "st-human"  # a status is announced without taking focus

    # The thumbs and the clarifying choices are reachable and work by keyboard too.
    page.locator("#st-log .st-feedback-up").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#st-log .st-feedback-up").first.get_attribute("aria-pressed") == "true"

    # No keyboard trap: Tab moves on past the last control and out of the panel.
    page.locator("#st-human").focus()
    page.keyboard.press("Tab")
    assert active_id(page) == "st-delete"
    page.keyboard.press("Tab")
    assert page.evaluate("!document.getElementById('st-panel').contains(document.activeElement)")

    page.locator("#st-input").focus()
    page.keyboard.press("Escape")
    assert page.locator("#st-panel").is_hidden()
    assert active_id(page) == "st-launcher"  # focus returns on Esc
    assert page.locator("#st-launcher").get_attribute("aria-expanded") == "false"


def test_clarifying_choices_are_buttons(page, live_server):
    open_widget(page, live_server.url)
    send(page, "ledig plass")
    choice = page.locator("#st-log button.st-choice[data-service='barnehageplass']")
    choice.wait_for()
    assert choice.inner_text() == "Barnehageplass"
    choice.focus()
    page.keyboard.press("Enter")
    page.locator("#st-log .st-msg-citizen", has_text="Barnehageplass").wait_for()
    page.wait_for_function("document.querySelectorAll('#st-log .st-msg-bot').length === 2")
    assert live_server.fake_rasa.received[-1]["message"] == '/choose_service{"service": "barnehageplass"}'


def test_axe_finds_no_wcag_21_aa_violations(page, live_server, axe_source):
    open_widget(page, live_server.url)
    send(page, "Se https://example.org/sfo. Hva koster SFO?")
    page.locator("#st-log .st-msg-bot").first.wait_for()
    send(page, "ledig plass")
    page.locator("#st-log .st-choice").first.wait_for()
    page.locator("#st-log .st-feedback-up").first.click()
    page.locator("#st-input").focus()
    page.evaluate("const log = document.getElementById('st-log'); log.scrollTop = log.scrollHeight")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget.png"))
    page.locator("#st-human").click()
    page.wait_for_function("document.querySelectorAll('#st-log .st-msg-system').length === 1")
    link = page.locator("#st-log .st-msg-citizen a").first
    assert link.get_attribute("href") == "https://example.org/sfo"
    assert link.get_attribute("rel") == "noopener noreferrer"
    page.screenshot(path=str(SCREENSHOTS / "widget-handover.png"))

    page.locator("#st-delete").click()  # with the confirm step open, too
    page.locator("#st-delete-yes").wait_for()
    page.add_script_tag(path=axe_source)
    for scope in ("#st-root", "document"):
        context = scope
        result = page.evaluate(
            "async ([context, tags]) => { const r = await axe.run(context === 'document' ? document : context,"
            " { runOnly: { type: 'tag', values: tags } });"
            " return { violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })) })),"
            " passes: r.passes.length }; }",
            [context, WCAG_TAGS])
        if result["violations"]:
            print(json.dumps(result["violations"], indent=2, ensure_ascii=False))
        assert result["violations"] == [], f"axe ({scope}): {json.dumps(result['violations'], ensure_ascii=False)}"
        assert result["passes"] > 10


def test_reflow_at_320_px(context, live_server):
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    open_widget(page, live_server.url)
    send(page, "Et langt ord: " + "x" * 120 + " og en lenke https://example.org/" + "a" * 100)
    page.locator("#st-log .st-msg-bot").first.wait_for()
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= 320, scroll_width
    box = page.locator("#st-panel").bounding_box()
    assert box["x"] == 0 and box["width"] == 320  # full width
    page.locator("#st-delete").click()
    for selector in ("#st-input", "#st-send", "#st-human", "#st-close", "#st-delete", "#st-delete-yes", "#st-delete-no"):
        element = page.locator(selector).bounding_box()
        assert element["x"] >= 0 and element["x"] + element["width"] <= 320, selector
    assert page.evaluate("document.getElementById('st-log').scrollWidth <= document.getElementById('st-log').clientWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-320.png"))
    page.close()


def test_a_reload_keeps_the_conversation(page, live_server):
    open_widget(page, live_server.url)
    send(page, "Hva koster SFO?")
    page.locator("#st-log .st-msg-bot").first.wait_for()
    session = page.evaluate("localStorage.getItem('servicetorg.session')")
    assert session

    page.reload()
    assert page.evaluate("localStorage.getItem('servicetorg.session')") == session
    page.locator("#st-launcher").click()
    page.locator("#st-log .st-msg-bot", has_text="Svar på: Hva koster SFO?").wait_for()
    assert page.locator("#st-log .st-msg-citizen").all_inner_texts()[0].endswith("Hva koster SFO?")
    send(page, "Takk")
    page.wait_for_function("document.querySelectorAll('#st-log .st-msg-bot').length === 2")
    assert page.locator("#st-log .st-msg").count() == 4


def test_it_reconnects_by_itself_and_announces_it(page, live_server):
    # Record the page's sockets, so the test can drop one as a network blip would.
    page.add_init_script("""(() => { const Orig = window.WebSocket; window.__sockets = [];
        class Recorded extends Orig { constructor(url, protocols) { super(url, protocols); window.__sockets.push(this); } }
        window.WebSocket = Recorded; })();""")
    open_widget(page, live_server.url)
    send(page, "Hva koster SFO?")
    page.locator("#st-log .st-msg-bot").first.wait_for()
    page.locator("#st-input").focus()
    page.evaluate("() => { for (const s of window.__sockets) s.close(4000); }")
    page.wait_for_function("document.querySelector('#st-status').textContent === 'Kobler til igjen …'")
    assert active_id(page) == "st-input"  # announced without moving focus
    page.wait_for_function("document.querySelector('#st-status').textContent === 'Tilkoblet'", timeout=15_000)
    assert page.evaluate("window.__sockets.length") == 2
    send(page, "Er dere der?")
    page.wait_for_function("document.querySelectorAll('#st-log .st-msg-bot').length === 2")
    assert page.locator("#st-log .st-msg").count() == 4  # nothing shown twice after the reconnect
    assert active_id(page) == "st-input"


def test_slett_samtalen_min_by_keyboard(page, live_server):
    open_widget(page, live_server.url)
    send(page, "Hva koster SFO? zqvbrowserword")
    page.locator("#st-log .st-msg-bot").first.wait_for()
    old_session = page.evaluate("localStorage.getItem('servicetorg.session')")

    page.locator("#st-delete").focus()
    page.keyboard.press("Enter")
    assert page.locator("#st-confirm").is_visible()
    assert page.locator("#st-delete").get_attribute("aria-expanded") == "true"
    assert active_id(page) == "st-delete-no"  # the safe choice has focus
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.press("Escape")  # Esc cancels the question, not the panel
    assert page.locator("#st-confirm").is_hidden() and page.locator("#st-panel").is_visible()
    assert active_id(page) == "st-delete"
    assert page.locator("#st-log .st-msg-bot").count() == 1, "nothing deleted yet"

    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    assert active_id(page) == "st-delete-yes"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#st-status').textContent.includes('slettet')")
    assert page.locator("#st-log .st-msg-citizen").count() == 0 and page.locator("#st-log .st-msg-bot").count() == 0
    assert "Samtalen din er slettet" in page.locator("#st-log").inner_text()
    assert page.locator("#st-confirm").is_hidden()
    new_session = page.evaluate("localStorage.getItem('servicetorg.session')")
    assert new_session and new_session != old_session
    assert live_server.fake_rasa.forgotten, "Rasa was told to forget the tracker"

    # A fresh session: the next question starts a new conversation, and a reload shows only it.
    send(page, "Hva koster SFO?")
    page.locator("#st-log .st-msg-bot").first.wait_for()
    page.reload()
    page.locator("#st-launcher").click()
    page.locator("#st-log .st-msg-bot").first.wait_for()
    assert "zqvbrowserword" not in page.locator("#st-log").inner_text()
    assert page.locator("#st-log .st-msg-citizen").count() == 1
