from glossary.extract.english import candidates, is_entity


def keys(text):
    return [o.key for o in candidates(text)]


def test_noun_head_and_no_function_word_at_the_edges():
    found = keys("improve the layout of the state-owned sector and adjust its structure")
    assert "layout of the state owned sector" in found
    assert "state owned sector" in found and "structure" in found
    assert not any(
        k.split()[0] in ("the", "of", "and") or k.split()[-1] in ("the", "of") for k in found
    )
    assert "improve" not in found and "adjust" not in found  # verbs never head or open


def test_of_the_allowed_inside_only_once():
    found = keys("the lifeline of the national economy")
    assert "lifeline of the national economy" in found
    assert not any(k.count(" of ") > 1 for k in keys("the layout of the structure of the sector"))


def test_variants_merge_by_lemma_case_and_hyphen():
    assert keys("central SOEs")[-2:] == keys("central SOE")[-2:] == ["central soe", "soe"]
    assert "restructuring" in keys("Restructurings") and "restructuring" in keys("restructuring")
    assert "state owned sector" in keys("state owned sector")
    assert "state owned sector" in keys("State-owned sectors")


def test_candidates_do_not_cross_punctuation():
    assert "team backbone" not in keys("the national team, backbone")
    assert "national team" in keys('the "national team"')


def test_names_are_whole_and_entities():
    found = keys("a subsidiary of China Three Gorges Corp, to")
    assert "china three gorges corp" in found
    assert "three gorges" not in found and "china" not in found
    assert is_entity("China Three Gorges Corp") and not is_entity("national team")


def test_gerunds_head_after_a_noun():
    found = keys("equipment manufacturing and strategic emerging industries")
    assert "equipment manufacturing" in found and "strategic emerging industry" in found


def test_a_past_form_after_its_subject_is_a_verb():
    found = keys("China Electronics Technology Group Corp completed restructuring of its unit")
    assert "china electronics technology group corp" in found and "restructuring" in found
    assert not any(k.startswith("completed") for k in found)
    assert not any(k.startswith("held") for k in keys("We held two signing ceremonies"))
    found = keys("key links in industrial chains and created synergistic advantages")
    assert "synergistic advantage" in found and "created synergistic advantage" not in found
    # A participle after a determiner or in a compound modifier stays: not a finite verb.
    assert "named tuple" in keys("returns a named tuple")
    assert "state owned sector" in keys("the state owned sector")


def test_a_gerund_opening_a_longer_phrase_is_a_verb_and_its_object():
    found = keys("making innovation breakthroughs and internal collaboration")
    assert "making innovation" not in found and "innovation breakthrough" in found
    assert "programming language" in keys("the programming language")


def test_ordinals_and_number_words_open_names_but_head_nothing():
    found = keys("the arrangements of the 20th CPC National Congress on the 14th Five-Year Plan")
    assert "20th cpc national congress" in found and "14th five year plan" in found
    assert "20th" not in found and "arrangements of the 20th" not in found
    assert "china three gorges corp" in keys("a subsidiary of China Three Gorges Corp")
    assert "two" not in keys("two centralized ceremonies")


def test_acronyms_are_nouns_of_their_own_and_their_plurals_merge():
    # The lexicon's guesses for unknown words would make "API" a Latin plural ("apus").
    assert "provisional api" in keys("the provisional API") == keys("two provisional APIs")
    assert "cpu" in keys("the CPUs") and "os" in keys("the OS") and "gil" in keys("the GIL")
    assert "central soe" in keys("central SOEs")
    assert "apus" not in " ".join(keys("the provisional API"))
