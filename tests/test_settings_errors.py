from pathlib import Path

from assistant import labels
from assistant.errors import CalmdeskError, Code
from assistant.settings import Settings


def test_settings_read_the_calmdesk_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("CALMDESK_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("CALMDESK_THREADS", "1")
    s = Settings()
    assert s.index_dir == tmp_path and s.threads == 1
    assert s.analyzer_dir == tmp_path / "analyzer"


def test_error_codes_are_unique_and_messages_bilingual():
    values = [c.value for c in Code]
    assert len(values) == len(set(values))
    e = CalmdeskError(Code.EMPTY_TEXT, "line 3")
    assert e.message.startswith("[E101] 文本为空 / the text is empty")
    assert e.to_dict() == {"code": "E101", "name": "empty_text", "message": e.message}


def test_the_shipped_labels_match_the_spec():
    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "labels.yaml"
    assert len(labels.intents()) == 16 and "other" in labels.intents()
    assert len(labels.flags()) == 6
    if spec.exists():
        assert spec.read_text(encoding="utf-8") == Path(labels.__file__).with_name("labels.yaml").read_text(encoding="utf-8")
