"""Turn imported HTML into the hub's rich text and StreamField blocks.

The HTML is sanitised first (core.richtext); then top-level headings become heading blocks,
blockquotes quote blocks, and everything between them paragraph blocks, so that an imported
body looks in the editor as if an editor had written it.
"""

from html import escape
from html.parser import HTMLParser

from core.richtext import sanitize_html

HEADINGS = {"h2", "h3", "h4"}
BLOCK_TAGS = {"p", "ul", "ol", "blockquote", *HEADINGS}
VOID_TAGS = {"br"}


class Node:
    """A top-level piece of HTML: a block element, or a run of inline content."""

    def __init__(self, tag: str):
        self.tag = tag
        self.inner: list[str] = []
        self.text: list[str] = []

    @property
    def inner_html(self) -> str:
        return "".join(self.inner)

    @property
    def plain_text(self) -> str:
        return " ".join("".join(self.text).split())


def _start_tag(tag: str, attrs) -> str:
    rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
    return f"<{tag}{rendered}>"


class _TopLevelSplitter(HTMLParser):
    """Splits well-formed HTML into block elements and runs of inline content ("#inline")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[Node] = []
        self._depth = 0

    def _inline_run(self) -> Node:
        if not self.nodes or self.nodes[-1].tag != "#inline":
            self.nodes.append(Node("#inline"))
        return self.nodes[-1]

    def handle_starttag(self, tag, attrs):
        if self._depth == 0 and tag in BLOCK_TAGS:
            self.nodes.append(Node(tag))
            self._depth = 1
            return
        node = self._inline_run() if self._depth == 0 else self.nodes[-1]
        node.inner.append(_start_tag(tag, attrs))
        if tag not in VOID_TAGS:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self._depth -= 1
        if self._depth > 0 or self.nodes[-1].tag == "#inline":
            self.nodes[-1].inner.append(f"</{tag}>")

    def handle_data(self, data):
        if self._depth == 0 and not data.strip():
            return
        node = self._inline_run() if self._depth == 0 else self.nodes[-1]
        node.inner.append(escape(data, quote=False))
        node.text.append(data)


def split_top_level(html: str) -> list[Node]:
    parser = _TopLevelSplitter()
    parser.feed(html)
    parser.close()
    return parser.nodes


def _outer(node: Node) -> str:
    if node.tag == "#inline":
        inner = node.inner_html.strip()
        return f"<p>{inner}</p>" if node.plain_text else ""
    return f"<{node.tag}>{node.inner_html}</{node.tag}>"


def as_paragraphs(html: str) -> str:
    """Wrap stray top-level inline content in paragraphs so the rich-text editor can hold it."""
    return "".join(_outer(node) for node in split_top_level(html))


def rich_text(html: str) -> str:
    """Sanitised rich text for a RichTextField."""
    return as_paragraphs(sanitize_html(html or ""))


def body_blocks(html: str) -> list[dict]:
    """StreamField blocks (``{"type", "value"}``) for a body given as HTML."""
    blocks: list[dict] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append({"type": "paragraph", "value": "".join(paragraph)})
            paragraph.clear()

    for node in split_top_level(sanitize_html(html or "")):
        if node.tag in HEADINGS:
            flush()
            if node.plain_text:  # a heading emptied by sanitising is no heading
                heading = {"text": node.plain_text, "level": node.tag}
                blocks.append({"type": "heading", "value": heading})
        elif node.tag == "blockquote":
            flush()
            quote = {"text": as_paragraphs(node.inner_html), "attribution": ""}
            blocks.append({"type": "quote", "value": quote})
        elif html_part := _outer(node):
            paragraph.append(html_part)
    flush()
    return blocks
