"""TMX inline content: plain text, canonical markup, and random markup trees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tm.errors import InputError
from tm.inline import (
    append_markup,
    escape_attr,
    escape_text,
    markup_to_xml,
    plain_text,
    seg_content,
)

# Random segments -------------------------------------------------------------------------
#
# A tree is a list of nodes; a node is a str (text) or (name, attrs, children). Text inside
# a native code always carries CODE_MARK, which segment text never contains, so a plain text
# holding CODE_MARK would be a code leaking through.

CODE_MARK = "§"
_SPECIAL = list("<>&\"' \t\n\r") + ["\r\n", "]]>", "&amp;", "国家队", "压舱石", "。", "，", "　"]
_chars = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"), exclude_characters=CODE_MARK
)
texts = st.lists(st.one_of(st.sampled_from(_SPECIAL), st.text(_chars, max_size=6)), max_size=4).map(
    "".join
)
_attr_values = texts.filter(bool)
_CODE_ATTRS = {
    "bpt": {"i": st.integers(1, 99).map(str), "x": _attr_values, "type": _attr_values},
    "ept": {"i": st.integers(1, 99).map(str)},
    "ph": {
        "x": st.integers(1, 99).map(str),
        "assoc": st.sampled_from(["p", "f", "b"]),
        "type": _attr_values,
    },
    "it": {
        "pos": st.sampled_from(["begin", "end"]),
        "x": st.integers(1, 9).map(str),
        "type": _attr_values,
    },
    "ut": {"x": st.integers(1, 99).map(str)},
}
_REQUIRED = {"bpt": {"i"}, "ept": {"i"}, "it": {"pos"}}
_OPTIONAL = {"hi": {"x": st.integers(1, 99).map(str), "type": _attr_values}}
_SUB_ATTRS = {"datatype": st.sampled_from(["html", "xml", "rtf"]), "type": _attr_values}


@st.composite
def _attrs(draw, spec, required=frozenset()):
    attrs = []
    for key, values in spec.items():
        if key in required or draw(st.booleans()):
            attrs.append((key, draw(values)))
    return attrs


@st.composite
def _code(draw, depth):
    """A native code (bpt, ept, ph, it, ut): code text and perhaps a subflow."""
    name = draw(st.sampled_from(sorted(_CODE_ATTRS)))
    attrs = draw(_attrs(_CODE_ATTRS[name], _REQUIRED.get(name, frozenset())))
    children = [CODE_MARK + draw(texts)]
    if depth > 0 and draw(st.booleans()):
        sub_attrs = draw(_attrs(_SUB_ATTRS))
        children += [("sub", sub_attrs, draw(_content(depth - 1, in_code=True))), CODE_MARK]
    return (name, attrs, children)


@st.composite
def _content(draw, depth, in_code=False):
    """Content of seg, hi or sub: text, codes and (nested) hi."""
    nodes = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "code", "hi"] if depth > 0 else ["text"]))
        if kind == "text":
            nodes.append((CODE_MARK if in_code else "") + draw(texts))
        elif kind == "code":
            nodes.append(draw(_code(depth - 1)))
        else:
            attrs = draw(_attrs(_OPTIONAL["hi"]))
            nodes.append(("hi", attrs, draw(_content(depth - 1, in_code))))
    return nodes


segments = st.integers(0, 3).flatmap(lambda depth: _content(depth))


def render(nodes) -> str:
    """Canonical markup of a tree, built independently of tm.inline's serialiser."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape_text(node))
            continue
        name, attrs, children = node
        attr_text = "".join(f' {k}="{escape_attr(v)}"' for k, v in attrs)
        inner = render(children)
        out.append(f"<{name}{attr_text}>{inner}</{name}>" if inner else f"<{name}{attr_text}/>")
    return "".join(out)


def expected_text(nodes) -> str:
    """Plain text by the spec: text and hi content stay, codes and subflows go."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "hi":
            out.append(expected_text(node[2]))
    return "".join(out)


def segment_of(nodes) -> tuple[str, str | None]:
    """The (text, markup) a reader should produce for a tree: markup None without elements."""
    if all(isinstance(node, str) for node in nodes):
        return "".join(nodes), None
    return expected_text(nodes), render(nodes)


# Properties ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(segments)
def test_markup_round_trips_through_lxml(nodes):
    text, markup = segment_of(nodes)
    seg = markup_to_xml(render(nodes))
    assert seg_content(seg) == (text, markup)
    if markup is not None:
        assert plain_text(markup) == text


@settings(max_examples=150, deadline=None)
@given(segments)
def test_plain_text_never_contains_native_code(nodes):
    assert CODE_MARK not in plain_text(render(nodes))


@given(texts)
def test_escape_text_survives_a_parser(text):
    seg = etree.fromstring(f"<seg>{escape_text(text)}</seg>")
    assert (seg.text or "") == text


@given(texts)
def test_escape_attr_survives_a_parser(value):
    seg = etree.fromstring(f'<seg a="{escape_attr(value)}"/>')
    assert seg.get("a") == value


# Examples --------------------------------------------------------------------------------


def test_plain_segment_has_no_markup():
    assert seg_content(etree.fromstring("<seg>a &lt; b</seg>")) == ("a < b", None)
    assert seg_content(etree.fromstring("<seg/>")) == ("", None)


def test_cdata_is_plain_text():
    assert seg_content(etree.fromstring("<seg><![CDATA[<b>x</b> & y]]></seg>")) == (
        "<b>x</b> & y",
        None,
    )


def test_codes_removed_hi_kept_sub_removed():
    markup = (
        '<bpt i="1">&lt;a title="<sub>tip</sub>"&gt;</bpt>the <hi type="b">big <hi>map</hi></hi>'
        '<ept i="1">&lt;/a&gt;</ept><ph x="2">{0}</ph><it pos="end">&lt;/i&gt;</it><ut>\\b</ut>.'
    )
    assert plain_text(markup) == "the big map."
    text, again = seg_content(markup_to_xml(markup))
    assert (text, again) == ("the big map.", markup)


def test_markup_is_canonical():
    seg = etree.fromstring("<seg>a<ph x='1' type=\"q'\"></ph>b&gt;<hi/></seg>")
    assert seg_content(seg) == ("ab>", 'a<ph x="1" type="q\'"/>b&gt;<hi/>')


def test_no_namespace_declarations_leak():
    root = etree.fromstring(
        '<tmx xmlns:foo="urn:foo"><seg>x<ph x="1" xml:space="preserve">y</ph></seg></tmx>'
    )
    assert seg_content(root[0]) == ("x", 'x<ph x="1" xml:space="preserve">y</ph>')


def test_namespaced_tmx_document():
    root = etree.fromstring('<tmx xmlns="urn:lisa"><seg>a<hi>b</hi><ph>c</ph></seg></tmx>')
    assert seg_content(root[0]) == ("ab", "a<hi>b</hi><ph>c</ph>")


def test_comments_and_processing_instructions_are_not_content():
    seg = markup_to_xml("a<!-- note -->b<?pi x?>c<ph/>")
    assert seg_content(seg) == ("abc", "abc<ph/>")
    assert seg_content(etree.fromstring("<seg>a<?pi x?>b<!-- c -->d</seg>")) == ("abd", None)


def test_append_markup_keeps_existing_text():
    seg = etree.Element("seg")
    seg.text = "pre "
    append_markup(seg, 'x<ph x="1">{0}</ph>y')
    assert etree.tostring(seg, encoding="unicode") == '<seg>pre x<ph x="1">{0}</ph>y</seg>'
    append_markup(seg, "z<hi>w</hi>")
    assert seg_content(seg) == ("pre xyzw", 'pre x<ph x="1">{0}</ph>yz<hi>w</hi>')


@pytest.mark.parametrize(
    "markup",
    [
        "<ph>",
        "a & b",
        "<g id='1'>x</g>",
        '<ph xmlns="urn:x"/>',
        "&nbsp;",
        "<ph foo:bar='1' xmlns:foo='urn:f'/>",
    ],
)
def test_invalid_markup_is_refused(markup):
    with pytest.raises(InputError):
        plain_text(markup)


def test_markup_cannot_smuggle_a_doctype():
    with pytest.raises(InputError):
        markup_to_xml('</seg><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><seg>&e;')
