"""Generator configs are frozen pydantic models: `--set` text is converted by pydantic, every bad
value or unknown setting is one line naming the setting, and the stored config is unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from recon_data.config import FrozenConfig
from recon_data.curation.generators import GeneratorConfig, create, generator_class
from recon_data.curation.generators.base import make_config
from recon_data.curation.generators.bimatrix import MatrixConfig
from recon_data.curation.generators.corpus import split_settings
from recon_data.curation.generators.registry import GENERATORS
from recon_data.errors import ReconDataError

LEVELS = ("easy", "medium", "hard")
# SHA-256 of json.dumps([[name, level, create(name, level).config.to_dict()], ...]) over every
# generator and difficulty, computed from the dataclass configs these models replaced: the
# `generation.config` of every record stays byte for byte what it was.
CONFIGS_SHA256 = "39e19d93244f59adbbb8c7ba60c2a13265f30a79f48e8686e195eb9752ff205c"


def _one_line(err: pytest.ExceptionInfo[ReconDataError], setting: str) -> str:
    text = str(err.value)
    assert err.value.field == setting and f"field {setting!r}" in text and "\n" not in text
    assert "Traceback" not in text and "pydantic" not in text and len(text) < 400
    return text


def test_every_config_is_a_frozen_pydantic_generator_config() -> None:
    for name in GENERATORS:
        cls = generator_class(name).config_class
        assert issubclass(cls, GeneratorConfig) and issubclass(cls, FrozenConfig)
        assert cls.model_config.get("frozen") and cls.model_config.get("extra") == "forbid"


def test_stored_configs_are_byte_identical_to_the_dataclass_ones() -> None:
    rows = [[n, lvl, create(n, lvl).config.to_dict()] for n in GENERATORS for lvl in LEVELS]
    text = json.dumps(rows, ensure_ascii=False)
    assert hashlib.sha256(text.encode()).hexdigest() == CONFIGS_SHA256


@pytest.mark.parametrize("name", list(GENERATORS))
def test_text_settings_give_the_typed_config(name: str) -> None:
    """Every knob given as `--set` text (bools as yes/no/1/0) equals the typed value."""
    cls = generator_class(name).config_class
    for level in LEVELS:
        typed = make_config(cls, level)
        knobs = {k: v for k, v in typed.to_dict().items() if k != "difficulty"}
        spellings = {True: ("true", "yes", "1", "TRUE"), False: ("false", "no", "0", "No")}
        for key, value in knobs.items():
            for text in spellings[value] if isinstance(value, bool) else (str(value),):
                made = make_config(cls, level, **{key: text})
                assert made == typed and type(getattr(made, key)) is type(value), (key, text)


def test_set_ties_yes_is_a_bool_through_the_corpus_writer(tmp_path: Path) -> None:
    from recon_data.curation.generators import generate_corpus
    from recon_data.manifest import read_manifest

    routed = split_settings(["pure_nash", "pte"], {"ties": "yes", "pte.rows": " 2 "})
    assert routed == {"pure_nash": {"ties": "yes"}, "pte": {"ties": "yes", "rows": " 2 "}}
    assert create("pure_nash", **routed["pure_nash"]).config.ties is True
    out = tmp_path / "g"
    generate_corpus(out, ["pure_nash"], n=2, seed=1, settings={"ties": "yes", "rows": "2"},
                    decontaminate=False)  # fmt: skip
    config = read_manifest(out)["source"]["generators"]["pure_nash"]["config"]
    assert config["ties"] is True and config["rows"] == 2


@pytest.mark.parametrize(
    ("name", "setting", "value", "needle"),
    [
        ("pure_nash", "rows", "four", "valid integer"),
        ("pure_nash", "rows", "", "valid integer"),
        ("pure_nash", "rows", "4.5", "valid integer"),
        ("pure_nash", "rows", "\uff14", "valid integer"),  # a full-width digit is not ASCII text
        ("pure_nash", "ties", "maybe", "valid boolean"),
        ("pure_nash", "ties", "2", "valid boolean"),
        ("pure_nash", "rows", True, "needs a number"),  # a switch is not a count
        ("backward_induction", "rounds", 3, "valid string"),
        ("backward_induction", "rounds", "4,5", "rounds must list 1, 2 or 3"),
        ("backward_induction", "max_payoff", "9" * 100_000, "exceeded maximum size"),
        ("cournot", "symbols", "0", "symbols must be 1..12"),
        ("trigger", "max_payoff", "-1", "max_payoff must be 40..10000000"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(
    name: str, setting: str, value: object, needle: str
) -> None:
    with pytest.raises(ReconDataError) as err:
        create(name, **{setting: value})
    assert needle in _one_line(err, setting)


def test_unknown_settings_name_the_known_knobs() -> None:
    with pytest.raises(ReconDataError) as err:
        create("pure_nash", colour="blue")
    text = _one_line(err, "colour")
    assert text.endswith("knobs: cols, high, low, max_equilibria, min_equilibria, rows, ties")
    with pytest.raises(ReconDataError) as err:  # built directly, without make_config
        generator_class("pure_nash").config_class(colour="blue")  # type: ignore[call-arg]
    assert "rows" in _one_line(err, "colour")
    with pytest.raises(ReconDataError, match="no selected generator has a setting 'colour'"):
        split_settings(["pure_nash"], {"colour": "blue"})


def test_configs_are_frozen_and_hashable() -> None:
    config = create("pure_nash", "hard").config
    with pytest.raises(ValueError, match="frozen"):
        config.rows = 3  # type: ignore[misc]
    assert hash(config) == hash(create("pure_nash", "hard").config)
    assert config != create("pure_nash", "easy").config


@pytest.mark.parametrize("name", list(GENERATORS))
def test_subclasses_keep_their_parents_checks(name: str) -> None:
    """Each class's range check is a validator of its own name, so none replaces a parent's."""
    cls = generator_class(name).config_class
    with pytest.raises(ReconDataError) as err:
        cls(difficulty="extreme")
    assert "easy, medium, hard" in _one_line(err, "difficulty")
    if issubclass(cls, MatrixConfig):
        with pytest.raises(ReconDataError) as err:
            cls(rows=1)
        assert "rows must be 2..8" in _one_line(err, "rows")


def test_a_generator_refuses_another_generators_config() -> None:
    stage = create("trigger").config
    with pytest.raises(ReconDataError, match="needs a PureNashConfig, got a StageConfig"):
        generator_class("pure_nash")(stage)  # type: ignore[arg-type]
    assert generator_class("feasibility")(stage).config is stage  # families share StageConfig


def test_cli_set_errors_are_one_line(cli, tmp_path: Path) -> None:
    for setting, needle in (("rows=four", "'rows'"), ("ties=maybe", "'ties'"),
                            ("colour=blue", "'colour'")):  # fmt: skip
        code, _, err = cli("generate", "pure_nash", "-n", "1", "--out", str(tmp_path / "x"),
                           "--set", setting, "--no-decontam")  # fmt: skip
        assert code == 1 and needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x").exists()
