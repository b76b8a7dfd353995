"""Every language, every signal and every modifier, through the whole detector (no language guess).

Signals: each crisis-level group's own examples must come out as crisis about the writer (or, for
groups about someone else, as the third-party outcome). Modifiers: hand-written cases per language,
with a trigger before the phrase (forward scope) and after it (backward scope).
"""

from __future__ import annotations

import pytest

from cogs.safety.api import Level, Modifier, OtherPerson, assess
from cogs.safety.detector import CONTENT_DIR
from cogs.safety.lexicon import load_lexicon

LEXICON = load_lexicon(CONTENT_DIR)
CRISIS_EXAMPLES = [
    pytest.param(language.lang, group.id, example, id=f"{language.lang}-{group.id}-{n}")
    for language in LEXICON.languages
    for group in language.signals
    if group.level == "crisis"
    for n, example in enumerate(group.examples)
]


@pytest.mark.parametrize(("lang", "group_id", "text"), CRISIS_EXAMPLES)
def test_every_crisis_signal_example_is_noticed_in_its_language(lang: str, group_id: str, text: str) -> None:
    result = assess(text)
    assert result.is_crisis or result.other_person is not OtherPerson.NONE, (lang, group_id, text, result)


CRISIS, NOT_CRISIS, AT_RISK, DANGER = "crisis", "not crisis", "at risk", "in danger now"

CASES: list[tuple[str, str, str, Modifier | None]] = [
    # (language, text, expected outcome, modifier that must be reported)
    ("en", "i want to die", CRISIS, None),
    ("en", "i would never want to die like that, i love my life", NOT_CRISIS, Modifier.NEGATED),
    ("en", "thoughts of ending it? nope, not once", NOT_CRISIS, Modifier.NEGATED),
    ("en", "years ago i tried to kill myself", NOT_CRISIS, Modifier.HISTORICAL),
    ("en", "i tried to kill myself when i was 15", NOT_CRISIS, Modifier.HISTORICAL),
    ("en", "how do you help someone who wants to kill themselves?", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("en", "is it normal to want to die after a breakup or just me", NOT_CRISIS, Modifier.HYPOTHETICAL),
    ("en", "this song goes 'i want to die tonight' and it's stuck in my head", NOT_CRISIS, Modifier.LYRICS),
    ("en", "in the game my character has to kill himself to save the party", NOT_CRISIS, Modifier.FICTION),
    ("en", "lost my keys again kms lol", NOT_CRISIS, Modifier.HYPERBOLE),
    ("en", "a man jumped off the bridge downtown, the news said", NOT_CRISIS, None),
    ("en", "my friend says she wants to end it", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("en", "my sister just took a handful of pills", DANGER, Modifier.OTHER_EXPERIENCER),
    ("en", "k!ll mys3lf tonight", CRISIS, None),
    ("en", "i want to kill myslef", CRISIS, None),
    ("en", "i want to die 💊", CRISIS, None),
    ("en", "i took the sharpener apart for the blade", CRISIS, None),
    ("en", "the rope is in my backpack", CRISIS, None),
    ("en", "the rope is in my backpack for climbing tomorrow", NOT_CRISIS, None),
    ("en", "ive been googling painless ways all night", CRISIS, None),
    ("en", "i googled the quickest ways to get a visa", NOT_CRISIS, None),
    ("en", "this is the last time youll hear from me", CRISIS, None),
    ("en", "this is the last time youll hear from me about my ex, promise", NOT_CRISIS, None),
    ("en", "goodbye everyone, moving to canada tomorrow! ill miss this server", NOT_CRISIS, None),
    ("en", "i know exactly which train to take to the airport", NOT_CRISIS, None),
    ("en", "this exam is literally killing me, want to die", NOT_CRISIS, Modifier.HYPERBOLE),
    ("en", "shaving cut on my leg again, stupid razor", NOT_CRISIS, Modifier.HYPERBOLE),
    ("de", "ich will nicht mehr leben", CRISIS, None),
    ("de", "keine sorge, ich will mich nicht umbringen", NOT_CRISIS, None),  # "nicht" inside the verb phrase
    ("de", "nie im leben würde ich mich umbringen", NOT_CRISIS, Modifier.NEGATED),
    ("de", "vor drei jahren wollte ich mich umbringen", NOT_CRISIS, Modifier.HISTORICAL),
    ("de", "meine schwester will sich umbringen", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("de", "ich sterbe vor lachen lol", NOT_CRISIS, None),
    ("es", "quiero morir", CRISIS, None),
    ("es", "no quiero morir, quiero vivir", NOT_CRISIS, Modifier.NEGATED),
    ("es", "hace dos anos intente matarme", NOT_CRISIS, Modifier.HISTORICAL),
    ("es", "mi hermana se tomo un punado de pastillas", DANGER, Modifier.OTHER_EXPERIENCER),
    ("fr", "je veux mourir", CRISIS, None),
    ("fr", "je ne veux pas mourir", NOT_CRISIS, None),  # ne ... pas surrounds the verb
    ("fr", "jamais je ne vais me tuer", NOT_CRISIS, Modifier.NEGATED),
    ("fr", "il y a deux ans je voulais mourir", NOT_CRISIS, Modifier.HISTORICAL),
    ("fr", "mon frere veut se tuer", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("pt", "quero morrer", CRISIS, None),
    ("pt", "nao quero morrer", NOT_CRISIS, Modifier.NEGATED),
    ("pt", "minha irma tomou um punhado de comprimidos", DANGER, Modifier.OTHER_EXPERIENCER),
    ("pl", "chce umrzec", CRISIS, None),
    ("pl", "nie chce umrzec", NOT_CRISIS, Modifier.NEGATED),
    ("pl", "piec lat temu chcialam umrzec", NOT_CRISIS, Modifier.HISTORICAL),
    ("tr", "olmek istiyorum", CRISIS, None),
    ("tr", "olmek istiyorum diye dusunmuyorum", NOT_CRISIS, Modifier.NEGATED),
    ("tr", "yillar once olmek istiyordum", NOT_CRISIS, Modifier.HISTORICAL),
    ("tr", "ölmek istemiyorum, sadece yorgunum", NOT_CRISIS, None),  # negation is the verb's suffix
    ("tr", "bir daha uyanmak istemiyorum", CRISIS, None),
    ("tr", "ben olmasam herkes rahatlar", CRISIS, None),
    ("tr", "kendimi trenin önüne atacağım", CRISIS, None),
    ("tr", "gülmekten öldüm", NOT_CRISIS, None),
    ("ru", "хочу умереть", CRISIS, None),
    ("ru", "не хочу умереть", NOT_CRISIS, Modifier.NEGATED),
    ("ru", "моя сестра хочет умереть", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("uk", "хочу померти", CRISIS, None),
    ("uk", "не хочу померти", NOT_CRISIS, Modifier.NEGATED),
    ("ar", "نفسي اموت", CRISIS, None),
    ("ar", "مش عايز اموت", NOT_CRISIS, Modifier.NEGATED),
    ("ar-latn", "ana 3ayez amoot", CRISIS, None),
    ("ar-latn", "msh 3ayez amoot", NOT_CRISIS, Modifier.NEGATED),
    # Arabizi spelled as each writer hears it, and what stays calm beside it.
    ("ar-latn", "nheb nmout", CRISIS, None),
    ("ar-latn", "ra7 e2tol 7ali el leila", CRISIS, None),
    ("ar-latn", "ana mesh 3ayez a2tol nafsi, ana 3ayez asa3ed nafsi", NOT_CRISIS, Modifier.NEGATED),
    ("ar-latn", "bddi mout men el goo3 fen el akl", NOT_CRISIS, Modifier.HYPERBOLE),
    ("ar-latn", "kont 3ayez amoot men sanatein, delwa2ty el7amdulillah ana kwayes", NOT_CRISIS, None),
    ("ar-latn", "2ata3t edi w ana batbo5 el akl", NOT_CRISIS, None),
    ("ar-latn", "t3bt mn kolshi w bdi e5tefi", CRISIS, None),  # two concerns together
    ("ar-latn", "sa7bi bey2ool 3ayez ymoot, a3mel eh?", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("hi-latn", "marna chahta hoon", CRISIS, None),
    ("hi-latn", "marna nahi chahta", NOT_CRISIS, None),
    ("hi-latn", "mera dost marna chahta hai", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("en", "i think my girlfriend is cutting again, i saw the marks", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("en", "my mum keeps saying she wishes she was dead", AT_RISK, None),
    ("tr", "arkadaşım ölmek istediğini söyledi", AT_RISK, None),
    ("ar", "صاحبي قال انه بدو ينتحر", AT_RISK, None),
    ("hi-latn", "main kabhi khudkushi nahi karunga", NOT_CRISIS, None),
    ("hi-latn", "sabzi kaatte waqt haath kat gaya", NOT_CRISIS, None),  # cut by accident
    ("hi-latn", "aaj raat sab khatam kar dungi", CRISIS, None),
    ("hi-latn", "aaj sab kaam khatam kar dunga phir movie dekhenge", NOT_CRISIS, None),
    ("hi-latn", "main thak gaya hoon jeene se, bas khatam karna hai", CRISIS, None),  # two concerns
    ("hi-latn", "alvida doston, kal se naya job hai", NOT_CRISIS, None),
    ("pl", "moja kumpela chce się zabić, nie wiem co robić", AT_RISK, Modifier.OTHER_EXPERIENCER),
    ("pl", "dziś w nocy ze sobą skończę", CRISIS, None),
    ("pl", "skończę ze sobą gadać i idę spać", NOT_CRISIS, None),
    ("pl", "nie dam rady dłużej, chcę to wszystko zakończyć", CRISIS, None),
    ("de", "heute mach ich schluss mit ihm, ich hab lange genug gewartet", NOT_CRISIS, None),
    ("de", "heute nacht mach ich schluss", CRISIS, None),
    ("de", "ich hab mir beim grillen den arm verbrannt", NOT_CRISIS, None),
    ("de", "das seil hängt am spielplatz, die kinder schaukeln", NOT_CRISIS, None),
]


@pytest.mark.parametrize(("lang", "text", "expected", "modifier"), CASES, ids=[f"{c[0]}-{c[1][:30]}" for c in CASES])
def test_signals_and_modifiers_per_language(lang: str, text: str, expected: str, modifier: Modifier | None) -> None:
    result = assess(text)
    if expected == CRISIS:
        assert result.is_crisis, result
    elif expected == NOT_CRISIS:
        assert result.level is not Level.CRISIS and result.other_person is OtherPerson.NONE, result
    elif expected == AT_RISK:
        assert result.other_person is OtherPerson.AT_RISK and not result.is_crisis, result
    else:
        assert result.other_person is OtherPerson.IN_DANGER_NOW and not result.is_crisis, result
    if modifier is not None:
        assert modifier in result.modifiers, result


def test_the_writer_in_crisis_is_not_hidden_by_also_talking_about_someone_else() -> None:
    result = assess("my friend wants to die and honestly so do i, i want to die too")
    assert result.is_crisis
    assert result.other_person is OtherPerson.AT_RISK


def test_a_first_person_phrase_inside_someone_elses_words_is_theirs() -> None:
    result = assess("my brother texted me 'i don't see the point of living anymore', what do i do")
    assert not result.is_crisis
    assert result.other_person is OtherPerson.AT_RISK
