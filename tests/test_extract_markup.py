from glossary.extract.markup import SEP, clean


def test_code_becomes_a_separator_and_prose_roles_keep_their_text():
    c = clean("Use :func:`print` or ``x.y`` with %s and {0}; see :ref:`Sorting <sorting>`.")
    assert "print" not in c.text and "x.y" not in c.text and "%s" not in c.text
    assert c.text.count(SEP) == 4
    assert "Sorting" in c.text and "<sorting>" not in c.text


def test_term_roles_and_quotes_are_hints():
    c = clean('A :term:`context manager <context manager>` is the "national team".')
    kinds = {(h.kind, c.text[h.start : h.end]) for h in c.hints}
    assert ("role", "context manager") in kinds
    assert ("quote", "national team") in kinds


def test_chinese_quotes_emphasis_links_and_tags():
    c = clean("发挥中央企业“国家队”作用 *emphasis* `Python <https://python.org>`_ <b>bold</b>")
    kinds = {(h.kind, c.text[h.start : h.end]) for h in c.hints}
    assert ("quote", "国家队") in kinds and ("emphasis", "emphasis") in kinds
    assert "Python" in c.text and "https" not in c.text and "<b>" not in c.text


def test_parameter_emphasis_is_code():
    assert SEP in clean("with *object_or_type* set").text


def test_parentheticals_in_the_other_language():
    zh = clean("描述器 (descriptor) 是对象")
    en = clean("the ballast (压舱石) of the economy")
    assert [(h.kind, h.other, zh.text[: h.start]) for h in zh.hints] == [
        ("paren", "descriptor", "描述器")
    ]
    assert [(h.kind, h.other) for h in en.hints] == [("paren", "压舱石")]
