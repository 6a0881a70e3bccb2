"""Configuration: defaults, the user's overrides, and errors with file and line."""

from __future__ import annotations

import yaml

from tests.conftest import write


def test_config_path_and_show(cli, home):
    code, out, _ = cli("config", "--path")
    assert out.strip() == str(home / "config.yaml")
    write(home / "config.yaml", "search:\n  limit: 7\nui:\n  theme: nord\n")
    code, out, _ = cli("config", "--show")
    shown = yaml.safe_load(out)
    assert shown["search"]["limit"] == 7 and shown["ui"]["theme"] == "nord"
    assert shown["feeds"]["timeout"] == 20  # untouched keys keep their defaults


def test_default_config_documents_every_key(cli):
    code, out, _ = cli("config", "--default")
    data = yaml.safe_load(out)
    for section in ("library", "ingest", "feeds", "extraction", "search", "ui", "keys"):
        assert section in data
    lines = out.splitlines()
    # Every key carries a comment: on the line above it or at the end of its own line.
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not line.startswith("  ") or stripped.startswith("#") or ":" not in stripped:
            continue  # only leaf keys (indented) are checked
        above = lines[number - 1].strip() if number else ""
        assert above.startswith("#") or " # " in line or \
            (above.endswith(":") and not above.startswith("#") and lines[number - 2].strip()
             .startswith("#")), f"undocumented: {line}"


def test_unknown_key_names_file_line_and_allowed_keys(cli, home):
    write(home / "config.yaml", "search:\n  limit: 5\n  limt: 4\n")
    code, out, err = cli("list")
    assert code == 2
    assert f"{home / 'config.yaml'}:3" in err
    assert "unknown key 'search.limt'" in err and "allowed here: limit" in err


def test_wrong_type_and_malformed_yaml(cli, home):
    write(home / "config.yaml", "feeds:\n  timeout: soon\n")
    code, out, err = cli("list")
    assert code == 2 and "config.yaml:2" in err and "'feeds.timeout' must be integer" in err
    write(home / "config.yaml", "feeds: [timeout: 3\n")
    code, out, err = cli("list")
    assert code == 2 and "invalid YAML" in err and "Traceback" not in err
    # Well-formed YAML with a value YAML cannot build: a clear message, not a traceback.
    write(home / "config.yaml", "feeds:\n  since: 0000-00-00\n")
    code, out, err = cli("list")
    assert code == 2 and "config.yaml" in err and "invalid value" in err
    assert "Traceback" not in err


def test_unreadable_saved_state_is_ignored(tmp_path):
    from briefs.tui import state

    path = tmp_path / "state.yaml"
    path.write_text("last: 0000-00-00\n", encoding="utf-8")
    assert state.load(path) == {}
    path.write_text("sort: date\n", encoding="utf-8")
    assert state.load(path) == {"sort": "date"}


def test_search_limit_from_config(cli, home, tmp_path):
    for n in range(4):
        write(tmp_path / "lib" / f"{n}.md", f"---\nid: n{n}\ntitle: Tide {n}\n---\nTide text.\n")
    cli("add", tmp_path / "lib")
    write(home / "config.yaml", "search:\n  limit: 2\n")
    assert len(cli.json("search", "tide")["results"]) == 2


def test_default_compare_threshold_is_the_calibrated_one():
    # The shipped config must not quietly override the threshold the benchmarks calibrated.
    from pathlib import Path

    from briefs.index.claims.compare import MIN_SCORE

    default = yaml.safe_load((Path(__file__).parent.parent / "config" / "default.yaml")
                             .read_text(encoding="utf-8"))
    assert default["compare"]["min_score"] == MIN_SCORE
