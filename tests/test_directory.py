"""The People pages, in real Chromium: the directory groups everyone by department and its
filter box narrows the list as you type (by name, title or department), says how many
match or what to try when none does, and is not there without script, where the page
still lists everyone; on a 390 px phone nothing is cut off. A profile shows its person's
face, what org.yml says about them, and their posts; org.yml's profile fields are
checked, each mistake with its line."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOON, OrgChart, Person, RecordingPage
from playwright.sync_api import Browser, Locator, Page, expect
from test_org import SMALL

from intranet.config.org import parse_org
from intranet.errors import IntranetError

TOTAL = 16  # people in the demo's org.yml


def visible_names(tab: Page) -> list[str]:
    return [name.inner_text() for name in
            tab.locator(".intranet-directory li:visible > a").all()]


def visible_groups(tab: Page) -> list[str]:
    return [heading.evaluate("h => h.firstChild.textContent") for heading in
            tab.locator(".intranet-directory__group:visible h2").all()]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c))


def matching(org: OrgChart, query: str) -> list[str]:
    """The names the filter should leave, in the page's order: every word of the query is
    in the person's name, title, handle or department."""
    def text(p: Person) -> str:
        return fold(f"{p.name} {p.title} @{p.handle} {org.department(p.department).name}")
    return [p.name for d in org.departments
            for p in sorted((p for p in org.people if p.department == d.id),
                            key=lambda p: p.name.casefold())
            if all(word in text(p) for word in fold(query).split())]


def box(tab: Page) -> Locator:
    return tab.get_by_role("searchbox", name="Filter people")


def test_everyone_is_listed_by_department_with_face_title_and_handle(
        page: RecordingPage, org: OrgChart) -> None:
    page.open("/people/")
    tab = page.page
    assert visible_groups(tab) == [d.name for d in org.departments]
    assert visible_names(tab) == matching(org, "")
    eve = tab.locator(".intranet-directory li").filter(
        has=tab.get_by_role("link", name="Eve Martins", exact=True))
    expect(eve).to_have_text("Eve Martins Software Engineer @eve")
    expect(eve.get_by_role("link")).to_have_attribute("href", "eve/")
    face = eve.locator("img.avatar")
    expect(face).to_have_attribute("alt", "")
    assert face.evaluate("i => [i.complete && i.naturalWidth > 0, i.width, i.height]") == \
        [True, 40, 40]
    expect(tab.locator(".intranet-filter__status")).to_have_text("")


def test_the_filter_narrows_the_list_as_you_type(page: RecordingPage, org: OrgChart) -> None:
    page.open("/people/")
    tab = page.page
    typed = ""
    for key in "marketing m":  # by department, then a name within it
        box(tab).press(key)
        typed += key
        assert visible_names(tab) == matching(org, typed), typed
    assert visible_names(tab) == ["Marco Bianchi", "Max Dupont", "Mia Rossi"]
    assert visible_groups(tab) == ["Marketing"]
    expect(tab.locator(".intranet-filter__status")).to_have_text(
        "3 of 16 people match “marketing m”.")
    # Material's keyboard shortcuts (s, f, / open search) leave the box alone.
    expect(tab.locator(".md-search__input")).not_to_be_focused()


@pytest.mark.parametrize(("query", "names"), [
    ("Grace", ["Grace Okafor"]),
    ("security", ["Priya Raman"]),  # a title
    ("engineer", ["Eve Martins", "Grace Okafor", "Ken Larsen", "Ravi Shankar"]),  # department
    ("sales", ["Lena Vogel", "Noah Brennan", "Sam Whitfield"]),
    ("ZOË", ["Zoe Adeyemi"]),  # neither case nor accents count
    ("head of", ["Mia Rossi", "Hana Kim", "Ivan Petrov", "Sam Whitfield"]),
    ("@tom", ["Tom Lindqvist"]),
])
def test_the_filter_finds_people_by_name_title_or_department(
        page: RecordingPage, org: OrgChart, query: str, names: list[str]) -> None:
    page.open("/people/")
    box(page.page).fill(query)
    assert visible_names(page.page) == names == matching(org, query)
    verb = "matches" if len(names) == 1 else "match"
    expect(page.page.locator(".intranet-filter__status")).to_have_text(
        f"{len(names)} of {TOTAL} people {verb} “{query}”.")


def test_no_match_says_what_to_try_and_clearing_brings_everyone_back(
        page: RecordingPage, org: OrgChart) -> None:
    page.open("/people/")
    tab = page.page
    box(tab).fill("astronaut")
    assert visible_names(tab) == []
    assert visible_groups(tab) == []
    expect(tab.get_by_role("status")).to_have_text(
        "No one matches “astronaut”. Try part of a name, a job title or a department, or "
        "clear the box to see everyone.")
    box(tab).fill("")
    assert visible_names(tab) == matching(org, "")
    assert len(visible_names(tab)) == TOTAL


def test_without_script_everyone_is_listed_and_there_is_no_box(
        browser: Browser, site_url: str, org: OrgChart) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "people/")
    assert visible_names(tab) == matching(org, "")
    assert len(visible_names(tab)) == TOTAL
    expect(tab.locator("#intranet-filter")).to_have_count(0)
    context.close()


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=3)
    context.clock.install(time=NOON)
    try:
        yield context.new_page()
    finally:
        context.close()


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll(".intranet-filter, .intranet-filter *, "
      + ".intranet-directory li, .intranet-directory li *, .intranet-profile *, "
      + ".intranet-profile__facts li")) {
    const box = e.getBoundingClientRect();
    if (box.left < 0 || box.right > width || e.scrollWidth > e.clientWidth + 1) {
      out.push(`${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 40)}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["people/", "people/eve/", "people/priya/"])
def test_on_a_phone_nothing_is_cut_off(phone: Page, site_url: str, path: str) -> None:
    phone.goto(site_url + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(OVERFLOW) == []
    if path == "people/":
        handles = phone.locator(".intranet-person__handle")
        expect(handles).to_have_count(TOTAL)
        for handle in handles.all():  # the old table's Handle column was cut off
            handle.scroll_into_view_if_needed()
            expect(handle).to_be_in_viewport(ratio=1)


def test_a_profile_shows_face_role_bio_facts_and_links(page: RecordingPage) -> None:
    page.open("/people/eve/")
    tab = page.page
    content = tab.locator("article.md-content__inner")
    face = content.locator(".intranet-profile img.avatar")
    assert face.evaluate("i => [i.alt, i.width, i.height, i.naturalWidth > 0]") == \
        ["", 96, 96, True]
    expect(content.locator(".intranet-profile h1")).to_contain_text("Eve Martins")
    expect(content.locator(".intranet-profile__who p")).to_have_text(
        "Software Engineer, Engineering")
    expect(content.locator(".intranet-profile__bio")).to_have_text(
        "Works on Dispatch's planning board and the offline mode of Crew. Ask her about sync "
        "conflicts, or about the hackathon she helped win.")
    facts = content.locator(".intranet-profile__facts li")
    expect(facts).to_have_text([
        "Location: Manchester", "Manager: Ken Larsen", "Team: Dispatch", "Handle: eve",
        "E-mail: eve@fieldstone.example",
        "Links: Code on the forge · Talk at the 2026 meet-up (slides)"])
    links = {a.inner_text(): a.get_attribute("href")
             for a in content.locator(".intranet-profile__facts a").all()}
    assert links == {"Ken Larsen": "../ken/", "eve@fieldstone.example":
                     "mailto:eve@fieldstone.example",
                     "Code on the forge": "https://git.fieldstone.example/eve",
                     "Talk at the 2026 meet-up (slides)":
                     "https://wiki.fieldstone.example/talks/offline-first"}
    expect(facts.nth(1).locator("img.avatar")).to_have_attribute(
        "src", "../../assets/intranet/avatars/ken.svg")
    headings = content.locator("h2").evaluate_all("hs => hs.map(h => h.firstChild.textContent)")
    assert headings == ["Posts", "Mentioned in"]


def test_a_profile_shows_only_what_org_yml_says(page: RecordingPage) -> None:
    page.open("/people/marco/")
    content = page.page.locator("article.md-content__inner")
    expect(content.locator(".intranet-profile__bio")).to_have_count(0)
    expect(content.locator(".intranet-profile__facts li")).to_have_text([
        "Handle: marco", "E-mail: marco@fieldstone.example", "Moderates: Marketing (deputy)"])


# test_org's small company, with what profiles may hold, right and wrong.
ORG = SMALL.replace("    forge: ivan\n", """\
    forge: ivan
    manager: priya
    location: "Bristol\\nand Leeds"
    links:
      - title: Evil
        url: javascript:alert(1)
      - title: Sneaky
        url: "https://ok.example/a b"
      - url: https://ok.example/
        colour: red
""", 1).replace("    forge: priya\n", """\
    forge: priya
    manager: ivan
    bio: {bio}
""", 1) + """\
  - handle: tom
    name: Tom Lindqvist
    title: Analyst
    department: it
    email: tom@acme.example
    forge: tom
    manager: tom
  - handle: zed
    name: Zed Alpha
    title: Analyst
    department: it
    email: zed@acme.example
    forge: zed
    manager: nobody
"""


def test_profile_fields_in_org_yml_are_checked_each_with_its_line() -> None:
    with pytest.raises(IntranetError) as caught:
        parse_org(ORG.format(bio="x" * 601))
    url = ("must be an http:// or https:// address with a host, or "
           "mailto:someone@example.com, without spaces, quotes or angle brackets")
    assert [str(f) for f in caught.value.findings] == [
        "org.yml:18:14: error org-manager managers go round in a circle: 'ivan' reports to "
        "'priya', whose managers lead back to 'ivan'; someone in it must report outside it",
        "org.yml:19:15: error org-schema location must be one line",
        f"org.yml:22:14: error org-schema url 'javascript:alert(1)' {url}",
        f"org.yml:24:14: error org-schema url 'https://ok.example/a b' {url}",
        "org.yml:25:9: error org-missing-key a link has no 'title'; add `title: ...`",
        "org.yml:26:9: error org-unknown-key unknown key 'colour' in a link; allowed keys "
        "are: title, url",
        "org.yml:33:14: error org-manager managers go round in a circle: 'priya' reports to "
        "'ivan', whose managers lead back to 'priya'; someone in it must report outside it",
        "org.yml:34:10: error org-schema bio is 601 characters; keep it to 600",
        "org.yml:41:14: error org-manager 'tom' cannot be their own manager",
        "org.yml:48:14: error org-unknown-person manager 'nobody' is not in 'people'; add "
        "them there or fix the handle"]


def test_profile_fields_are_optional_and_read_as_written(tmp_path: Path) -> None:
    text = ORG.format(bio="Keeps us safe.").replace('    location: "Bristol\\nand Leeds"\n',
                                                     "    location: Bristol\n")
    start = text.index("    links:\n")
    text = text[:start] + ("    links:\n      - title: Blog\n"
                           "        url: https://blog.acme.example/ivan?x=(1)\n"
                           "      - title: Write to me\n        url: mailto:ivan@acme.example\n"
                           ) + text[text.index("  - handle: priya"):]
    text = text.replace("    manager: ivan\n", "").replace("    manager: tom\n", "")
    text = text.replace("    manager: nobody\n", "")
    org = parse_org(text)
    ivan, priya, tom = (org.person(h) for h in ("ivan", "priya", "tom"))
    assert ivan and priya and tom
    assert (ivan.location, ivan.manager, [tuple(link) for link in ivan.links]) == (
        "Bristol", "priya", [("Blog", "https://blog.acme.example/ivan?x=(1)"),
                             ("Write to me", "mailto:ivan@acme.example")])
    assert priya.bio == "Keeps us safe."
    assert (tom.bio, tom.location, tom.manager, tom.team, tom.links) == ("", "", "", "", ())
