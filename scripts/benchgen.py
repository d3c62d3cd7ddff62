"""A synthetic Fieldstone for scripts/bench: an org chart and N posts, written out three
ways (for our hooks, for Material's blog plugin, and as plain pages) so that all three
builds read the same words and differ only in the machinery that publishes them; and,
for our hooks, the same posts with discussions under them (replies, some answering a
reply, some mentioning colleagues), to measure what replies cost a build."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
SPAN_DAYS = 730  # posts are spread over the two years up to TODAY
PEOPLE_PER_DEPT = 6
WORDS_PER_POST = 400
WORDS_PER_REPLY = 60
REPLIES_PER_POST = 5  # on average: some posts draw a crowd, some none
NESTED_SHARE = 0.3  # replies that answer an earlier reply rather than the post
MENTION_SHARE = 0.25  # replies that @mention a colleague
MORE = "<!-- more -->"
# The page where Material's tags plugin lists every tag with its posts.
TAGS_PAGE = ("---\ntitle: Tags\n---\nEvery tag used on the intranet, with the posts that "
             "carry it.\n\n<!-- material/tags -->\n")


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


DEPARTMENTS = (
    ("engineering", "Engineering"),
    ("marketing", "Marketing"),
    ("hr", "People & HR"),
    ("it", "IT"),
    ("sales", "Sales"),
    ("finance", "Finance"),
    ("legal", "Legal"),
    ("operations", "Operations"),
    ("support", "Customer Support"),
    ("product", "Product"),
)
FIRST = _split(
    "ada alan amara anders aria ben bianca carlos chen chloe dana david elif emma erik "
    "fatima felix gita hannah hugo ines ivan jada jonas julia kai kofi lara leo lina "
    "lucas maya mei milan nadia nils nora oscar paula pedro quinn rafael rosa ruth sami "
    "sara selin taro tessa theo uma vera victor wanda xavier yara yusuf zara zeno zoe"
)
LAST = _split(
    "adams baker costa dahl evans fischer garcia hansen ito jensen kaur lopez meyer "
    "nakamura okafor patel quist rossi silva tanaka"
)
TITLES = (
    "Analyst",
    "Specialist",
    "Coordinator",
    "Senior Specialist",
    "Associate",
    "Team Lead",
    "Consultant",
)
# The taxonomy in policy.yml: a tag outside it costs a warning on every build, which no
# real site would carry by the thousand.
TAGS: tuple[str, ...] = tuple(
    sorted(yaml.safe_load((REPO / "policy.yml").read_text(encoding="utf-8"))["tags"])
)
WORDS = _split(
    "team project customer update plan review office week quarter launch budget report "
    "meeting process change support service system data policy training goal result "
    "feedback schedule release product market sales account partner contract invoice "
    "request ticket access laptop network security risk audit control standard guide "
    "template workshop session colleague manager lead owner deputy approval decision "
    "progress milestone deadline priority issue question answer option proposal summary "
    "detail example reason benefit cost saving growth target forecast revenue margin "
    "hiring onboarding interview candidate role skill career learning course mentor "
    "share improve reduce increase deliver prepare publish announce confirm include "
    "follow agree expect explain measure compare simplify replace extend finish start "
    "new better faster clear simple current next first final shared internal external "
    "weekly monthly annual regional central local early late quick careful practical "
    "the a our every each this that with for from into across after before during "
    "about and or but so because while when where which how more most fewer several"
)


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    title: str
    dept: str


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    description: str
    people: tuple[Person, ...]  # head first, then the deputy, then members


@dataclass(frozen=True)
class Post:
    dept: Department
    slug: str
    title: str
    date: dt.date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    intro: str  # the first paragraph: the blog copy puts its excerpt marker after it
    rest: str


@dataclass(frozen=True)
class Company:
    departments: tuple[Department, ...]
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class Reply:
    post: Post
    when: dt.datetime
    author: str
    parent: str  # the id of the reply it answers; "" when it answers the post
    body: str

    @property
    def id(self) -> str:
        return f"{self.when:%Y%m%d-%H%M}-{self.author}"


def company(n_posts: int, seed: int) -> Company:
    """The same (n_posts, seed) always gives the same company, so runs compare."""
    rng = random.Random(seed)
    depts = tuple(
        _department(rng, i, dept_id, name) for i, (dept_id, name) in enumerate(DEPARTMENTS)
    )
    titles: set[str] = set()
    posts = tuple(_post(rng, depts[i % len(depts)], i, titles) for i in range(n_posts))
    return Company(depts, posts)


def _department(rng: random.Random, index: int, dept_id: str, name: str) -> Department:
    people = []
    for j in range(PEOPLE_PER_DEPT):
        k = index * PEOPLE_PER_DEPT + j  # 60 distinct first names: handles never clash
        first, last = FIRST[k], LAST[(k * 7) % len(LAST)]
        title = (
            "Head of " + name
            if j == 0
            else "Deputy Head of " + name
            if j == 1
            else rng.choice(TITLES)
        )
        people.append(Person(first, f"{first.capitalize()} {last.capitalize()}", title, dept_id))
    description = _sentence(rng, 10, 16)
    return Department(dept_id, name, description, tuple(people))


def _post(rng: random.Random, dept: Department, index: int, titles: set[str]) -> Post:
    title = _title(rng)
    while title in titles:  # the blog plugin derives URLs from titles: keep them unique
        title = _title(rng)
    titles.add(title)
    slug = "-".join(title.lower().split()) + f"-{index:05d}"
    date = TODAY - dt.timedelta(days=rng.randrange(SPAN_DAYS))
    writers = [p.handle for p in dept.people]
    authors = tuple(rng.sample(writers, rng.choice((1, 1, 2))))
    tags = tuple(rng.sample(TAGS, rng.choice((2, 3))))
    intro = _paragraph(rng, 3)
    return Post(dept, slug, title, date, authors, tags, intro, _sections(rng, intro))


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, rng.randint(3, 6))).capitalize()


def _sentence(rng: random.Random, low: int = 6, high: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _sections(rng: random.Random, intro: str) -> str:
    """'## ' sections until the post reaches about WORDS_PER_POST words; a list or a table
    now and then, since those are what the Markdown extensions spend time on."""
    parts: list[str] = []
    words = len(intro.split())
    while words < WORDS_PER_POST:
        block = [f"## {_title(rng)}", _paragraph(rng, rng.randint(3, 5))]
        roll = rng.random()
        if roll < 0.3:
            block.append("\n".join(f"- {_sentence(rng, 4, 8)}" for _ in range(rng.randint(3, 5))))
        elif roll < 0.45:
            block.append(_table(rng))
        block.append(_paragraph(rng, rng.randint(2, 4)))
        text = "\n\n".join(block)
        words += len(text.split())
        parts.append(text)
    return "\n\n".join(parts)


def replies(co: Company, per_post: int = REPLIES_PER_POST) -> tuple[Reply, ...]:
    """per_post x N replies, spread over the posts at random (a few posts draw many, some
    none), each within ten days of its post and never after TODAY. The same company always
    gets the same replies, from a generator of their own: the posts stay exactly those
    the other variants build."""
    rng = random.Random(f"replies-{len(co.posts)}")
    counts = [0] * len(co.posts)
    for _ in range(per_post * len(co.posts)):
        counts[rng.randrange(len(co.posts))] += 1
    people = [p.handle for d in co.departments for p in d.people]
    found: list[Reply] = []
    for post, count in zip(co.posts, counts, strict=True):
        thread: list[Reply] = []
        for _ in range(count):
            top = [r for r in thread if not r.parent]
            parent = rng.choice(top) if top and rng.random() < NESTED_SHARE else None
            start = parent.when if parent else dt.datetime.combine(post.date, dt.time(8))
            author = rng.choice(people)
            when = _reply_time(rng, start, {r.id for r in thread}, author)
            mention = rng.choice(people) if rng.random() < MENTION_SHARE else ""
            thread.append(Reply(post, when, author, parent.id if parent else "",
                                _reply_body(rng, mention)))
        found += thread
    return tuple(found)


def _reply_time(rng: random.Random, start: dt.datetime, taken: set[str], author: str
                ) -> dt.datetime:
    """A moment after `start` (at most ten days, never after TODAY's evening) that gives
    `author` a reply id of their own under this post."""
    last = dt.datetime.combine(TODAY, dt.time(18))
    when = min(start + dt.timedelta(minutes=rng.randint(5, 10 * 24 * 60)), last)
    while f"{when:%Y%m%d-%H%M}-{author}" in taken:
        when -= dt.timedelta(minutes=1)
    return when


def _reply_body(rng: random.Random, mention: str) -> str:
    """About WORDS_PER_REPLY words in one or two paragraphs, thanking `mention` first."""
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < WORDS_PER_REPLY:
        sentences.append(_sentence(rng))
    if mention:
        sentences[0] = f"Thanks @{mention}, " + sentences[0][0].lower() + sentences[0][1:]
    cut = rng.randint(1, len(sentences) - 1)
    return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])


def reply_markdown(reply: Reply) -> str:
    post = f"{reply.post.dept.id}/posts/{reply.post.slug}.md"
    meta = [f"post: {post}", *([f"in_reply_to: {reply.parent}"] if reply.parent else []),
            f"date: {reply.when:%Y-%m-%d %H:%M}", f"authors: [{reply.author}]",
            "classification: internal", 'policy: "2026.1"']
    return "---\n" + "\n".join(meta) + "\n---\n\n" + reply.body + "\n"


def _table(rng: random.Random) -> str:
    rows = ["| Item | Owner | Status |", "| --- | --- | --- |"]
    for _ in range(rng.randint(3, 5)):
        rows.append(f"| {_title(rng)} | {rng.choice(WORDS)} | {rng.randint(1, 100)}% |")
    return "\n".join(rows)


def _q(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of it."""
    return json.dumps(text)


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def post_markdown(post: Post, categories: bool = False) -> str:
    """The front-matter keys of the repo's posts. `categories` makes the blog plugin's
    copy: it files posts by category, and without an excerpt marker its listings would
    render every post in full."""
    meta = [
        f"title: {_q(post.title)}",
        f"date: {post.date.isoformat()}",
        f"authors: {_flow(post.authors)}",
        f"department: {post.dept.id}",
        "classification: internal",
        'policy: "2026.1"',
        f"tags: {_flow(post.tags)}",
    ]
    body = [post.intro, post.rest]
    if categories:
        meta.append(f"categories: {_flow((post.dept.name,))}")
        body.insert(1, MORE)
    return "---\n" + "\n".join(meta) + "\n---\n\n" + "\n\n".join(body) + "\n"


def org_yaml(co: Company) -> str:
    lines = [
        "company: Fieldstone",
        "",
        "platform:",
        "  name: IT platform owners",
        "  department: it",
        "",
        "departments:",
    ]
    for d in co.departments:
        lines += [
            f"  - id: {d.id}",
            f"    name: {_q(d.name)}",
            f"    description: {_q(d.description)}",
            f"    heads: [{d.people[0].handle}]",
            f"    deputies: [{d.people[1].handle}]",
        ]
    lines += ["", "people:"]
    for p in (p for d in co.departments for p in d.people):
        lines += [
            f"  - handle: {p.handle}",
            f"    name: {_q(p.name)}",
            f"    title: {_q(p.title)}",
            f"    department: {p.dept}",
            f"    email: {p.handle}@fieldstone.example",
            f"    forge: {p.handle}",
        ]
    return "\n".join(lines) + "\n"


def authors_yaml(co: Company) -> str:
    authors = {
        p.handle: {"name": p.name, "description": p.title, "avatar": "assets/avatar.svg"}
        for d in co.departments
        for p in d.people
    }
    return yaml.safe_dump({"authors": authors}, sort_keys=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(docs: Path, co: Company, tags_page: bool = True) -> None:
    """The hand-written pages every variant has: home and a page per department; and for
    Material's tags plugin, its Tags page (our hooks generate theirs)."""
    _write(
        docs / "index.md",
        "---\ntitle: Fieldstone intranet\n---\n\nWelcome to the "
        "Fieldstone intranet: news from every department, reviewed by its owners.\n",
    )
    if tags_page:
        _write(docs / "tags.md", TAGS_PAGE)
    for d in co.departments:
        about = _paragraph(random.Random(d.id), 4)
        _write(
            docs / d.id / "index.md",
            f"---\ntitle: {_q(d.name)}\ndepartment: {d.id}\n---\n"
            f"\n{d.description}\n\n## What we post here\n\n{about}\n",
        )


def write_ours(root: Path, co: Company) -> Path:
    """The repo's mkdocs.yml, policy, hooks and overrides over the company; returns the
    config. The org chart is the company's own: the hooks check every author against it."""
    for name in ("mkdocs.yml", "policy.yml"):
        shutil.copyfile(REPO / name, root / name)
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    _write(root / "org.yml", org_yaml(co))
    write_pages(root / "content", co, tags_page=False)
    for post in co.posts:
        _write(root / "content" / post.dept.id / "posts" / f"{post.slug}.md", post_markdown(post))
    return root / "mkdocs.yml"


def write_ours_with_replies(root: Path, co: Company) -> Path:
    """write_ours, and REPLIES_PER_POST x N replies where replies live: beside each post,
    in its section's replies/<post name>/ folder."""
    config = write_ours(root, co)
    for reply in replies(co):
        folder = root / "content" / reply.post.dept.id / "replies" / reply.post.slug
        _write(folder / f"{reply.id}.md", reply_markdown(reply))
    return config


def write_plain(root: Path, co: Company) -> Path:
    config = material_config(["search", "tags"])
    config["docs_dir"] = "content"
    _write(root / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    write_pages(root / "content", co)
    for post in co.posts:
        _write(root / "content" / post.dept.id / "posts" / f"{post.slug}.md", post_markdown(post))
    return root / "mkdocs.yml"


def write_blog(root: Path, co: Company) -> Path:
    config = material_config(["search", "tags", {"blog": {"blog_dir": "blog"}}])
    config["docs_dir"] = "docs"
    _write(root / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    docs = root / "docs"
    write_pages(docs, co)
    _write(docs / "blog" / "index.md", "# News\n")
    _write(docs / "blog" / ".authors.yml", authors_yaml(co))
    _write(
        docs / "assets" / "avatar.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 1 1"><circle cx=".5" cy=".5" r=".5"/></svg>\n',
    )
    for post in co.posts:
        _write(
            docs / "blog" / "posts" / post.dept.id / f"{post.slug}.md",
            post_markdown(post, categories=True),
        )
    return root / "mkdocs.yml"


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV [NAME, default]` as its default: a benchmark must not
    depend on the caller's environment."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)[-1]
    return None


_EnvLoader.add_constructor("!ENV", _env_default)


def material_config(plugins: list[Any]) -> dict[str, Any]:
    """The repo's mkdocs.yml without our hooks and what needs them (the custom_dir and the
    stylesheet in it), so Material alone runs with the same features and extensions."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.load(text, Loader=_EnvLoader)
    for key in ("hooks", "extra_css"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["plugins"] = plugins
    return config
